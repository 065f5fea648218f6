package dev.bedrockgateway.access;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records as the store keeps them in JSON (the audit trail's before and after, a key's model limits): snake_case
 * names. Records here carry no secrets.
 */
final class AuditJson {

    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    private AuditJson() {
    }

    static String of(Object record) {
        return record == null ? null : JSON.writeValueAsString(record);
    }

    static <T> T read(String json, TypeReference<T> type) {
        return JSON.readValue(json, type);
    }
}
