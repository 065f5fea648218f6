package dev.bedrockgateway.access;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** Records as the audit trail keeps them: JSON with snake_case names (records here carry no secrets). */
final class AuditJson {

    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    private AuditJson() {
    }

    static String of(Object record) {
        return record == null ? null : JSON.writeValueAsString(record);
    }
}
