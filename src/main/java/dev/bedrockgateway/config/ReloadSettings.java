package dev.bedrockgateway.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the configuration file is watched for changes.
 *
 * @param watchInterval how often the file's content hash is compared with the last one read; zero turns the watch
 *                      off (POST /admin/v1/reload still reloads). Two seconds: an edit is live before the operator
 *                      has switched windows, and hashing a few kilobytes that often costs nothing measurable.
 */
@ConfigurationProperties("gateway.reload")
public record ReloadSettings(@DefaultValue("2s") Duration watchInterval) {
}
