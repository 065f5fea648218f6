package dev.bedrockgateway.provider.converse;

import dev.bedrockgateway.core.GatewayException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.document.Document;

/** Turns the JSON-shaped values of {@code provider_options} into the SDK's {@link Document} for Converse. */
final class ProviderOptionDocuments {

    private ProviderOptionDocuments() {
    }

    /**
     * The document for one value: maps, lists, strings, numbers, booleans and null, nested to any depth.
     *
     * @param path where the value sits, for the error message ("provider_options.foo[2]")
     * @throws GatewayException INVALID_REQUEST for any other type
     */
    static Document of(Object value, String path) {
        if (value == null) {
            return Document.fromNull();
        }
        if (value instanceof String string) {
            return Document.fromString(string);
        }
        if (value instanceof Boolean bool) {
            return Document.fromBoolean(bool);
        }
        if (value instanceof Number number) {
            return number(number, path);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Document> members = new LinkedHashMap<>();
            map.forEach((key, member) -> members.put(String.valueOf(key), of(member, path + "." + key)));
            return Document.fromMap(members);
        }
        if (value instanceof List<?> list) {
            List<Document> items = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                items.add(of(list.get(i), path + "[" + i + "]"));
            }
            return Document.fromList(items);
        }
        throw GatewayException.invalid(path + " has a value of type " + value.getClass().getSimpleName()
                + "; provider_options take JSON values only");
    }

    private static Document number(Number number, String path) {
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
            return Document.fromNumber(number.longValue());
        }
        if (number instanceof Double || number instanceof Float) {
            return Document.fromNumber(number.doubleValue());
        }
        if (number instanceof BigDecimal decimal) {
            return Document.fromNumber(decimal);
        }
        if (number instanceof BigInteger integer) {
            return Document.fromNumber(integer);
        }
        throw GatewayException.invalid(path + " has an unsupported number type " + number.getClass().getSimpleName());
    }
}
