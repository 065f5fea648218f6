package dev.bedrockgateway.web;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses the HTTP/1.1 requests that RFC 9112 tells a server to refuse and that Netty's decoder lets through, with
 * 400 (or 501) and a closed connection, before the application sees them:
 * <ul>
 * <li>an HTTP/1.1 request without {@code Host}, or with more than one (RFC 9112 section 3.2: "A server MUST respond with
 * a 400 (Bad Request) status code to any HTTP/1.1 request message that lacks a Host header field and to any request
 * message that contains more than one Host header field line");</li>
 * <li>a {@code Transfer-Encoding} whose final coding is not {@code chunked}, such as {@code xchunked}, with or without
 * {@code Content-Length} (section 6.3, item 4: the body's length "cannot be determined reliably; the server MUST respond
 * with the 400 (Bad Request) status code and then close the connection"). Netty does not see {@code chunked} there,
 * so it would take the length from {@code Content-Length}, or read no body and take the body for the next request:
 * the desynchronisation behind request smuggling;</li>
 * <li>a coding other than {@code chunked} before it ({@code gzip, chunked}): 501, as section 6.1 advises for a
 * transfer coding the server does not understand (the gateway decodes none).</li>
 * </ul>
 * Requests Netty itself fails to decode ({@code chunked} with {@code Content-Length}, {@code Transfer-Encoding} on
 * HTTP/1.0, {@code chunked} not last) never reach here as requests; they are answered 400 and closed before.
 *
 * <p>One instance per connection: after a refusal, the rest of what the caller sent is dropped unread.
 */
final class RequestFraming extends ChannelInboundHandlerAdapter {

    static final String HANDLER_NAME = "gateway.requestFraming";

    private static final Logger log = LoggerFactory.getLogger(RequestFraming.class);

    private boolean refused;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
            EdgeRefusal refusal = refusal(request);
            if (refusal != null) {
                refused = true;
                log.debug("connection {} refused: {} {}", ctx.channel().remoteAddress(), refusal.status().code(),
                        refusal.detail());
                refusal.answer(ctx, request);
                ReferenceCountUtil.release(msg);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** What is wrong with the request's framing, or null when nothing is. */
    static EdgeRefusal refusal(HttpRequest request) {
        HttpHeaders headers = request.headers();
        if (request.protocolVersion().equals(HttpVersion.HTTP_1_1) && !headers.contains(HttpHeaderNames.HOST)) {
            return invalid("An HTTP/1.1 request must have a Host header (RFC 9112, section 3.2)");
        }
        int hosts = count(headers, HttpHeaderNames.HOST);
        if (hosts > 1) {
            return invalid("A request must have one Host header, not several (RFC 9112, section 3.2)");
        }
        if (!headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            return null;
        }
        List<String> codings = transferCodings(headers);
        if (codings.isEmpty()) {
            return invalid("Transfer-Encoding is empty: the body's length cannot be known (RFC 9112, section 6.3)");
        }
        String last = codings.get(codings.size() - 1);
        if (!HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(last)) {
            return invalid("Transfer-Encoding must end with chunked, not " + last
                    + ": the body's length cannot be known (RFC 9112, section 6.3)");
        }
        if (codings.indexOf(last) < codings.size() - 1) {
            return invalid("Transfer-Encoding applies chunked more than once (RFC 9112, section 6.1)");
        }
        if (codings.size() > 1) {
            return new EdgeRefusal(HttpResponseStatus.NOT_IMPLEMENTED, "unsupported_transfer_coding",
                    "Transfer coding not supported", "Transfer-Encoding " + String.join(", ", codings)
                    + ": the gateway decodes only chunked; send the body without other transfer codings");
        }
        return null;
    }

    /** How many lines of the header there are, counting no further than two. */
    private static int count(HttpHeaders headers, CharSequence name) {
        int lines = 0;
        for (Iterator<? extends CharSequence> values = headers.valueCharSequenceIterator(name);
                values.hasNext() && lines < 2; values.next()) {
            lines++;
        }
        return lines;
    }

    /** The transfer codings in order, from every Transfer-Encoding line, lower case, parameters left on. */
    private static List<String> transferCodings(HttpHeaders headers) {
        List<String> codings = new ArrayList<>(1);
        for (String line : headers.getAll(HttpHeaderNames.TRANSFER_ENCODING)) {
            for (String coding : line.split(",")) {
                String trimmed = coding.trim();
                if (!trimmed.isEmpty()) {
                    codings.add(AsciiString.of(trimmed).toLowerCase().toString());
                }
            }
        }
        return codings;
    }

    private static EdgeRefusal invalid(String detail) {
        return new EdgeRefusal(HttpResponseStatus.BAD_REQUEST, "invalid_request", "Invalid request", detail);
    }
}
