package dev.bedrockgateway.emulator;

/**
 * The region a call was signed for, read from the credential scope of its SigV4 {@code Authorization} header:
 * {@code AWS4-HMAC-SHA256 Credential=AKID/20261205/us-west-2/bedrock/aws4_request, SignedHeaders=..., Signature=...}
 * (access key / date / region / service / {@code aws4_request}; IAM user guide, "Authentication methods",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-authentication-methods.html). The emulator checks
 * no signature; the region only picks which region's fault plans apply.
 */
final class SignedRegion {

    private static final String CREDENTIAL = "Credential=";
    /** Access key, date, region, service, terminator. */
    private static final int SCOPE_PARTS = 5;
    private static final int REGION_PART = 2;

    private SignedRegion() {
    }

    /** The region of the header's credential scope, or null when the header names none. */
    static String of(String authorization) {
        if (authorization == null) {
            return null;
        }
        int start = authorization.indexOf(CREDENTIAL);
        if (start < 0) {
            return null;
        }
        start += CREDENTIAL.length();
        int end = authorization.indexOf(',', start);
        String credential = (end < 0 ? authorization.substring(start) : authorization.substring(start, end)).strip();
        String[] scope = credential.split("/");
        return scope.length == SCOPE_PARTS && !scope[REGION_PART].isEmpty() ? scope[REGION_PART] : null;
    }
}
