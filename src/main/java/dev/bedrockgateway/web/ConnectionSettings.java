package dev.bedrockgateway.web;

import dev.bedrockgateway.config.InvalidConfigurationException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How long an HTTP/1.1 connection may take to send a request, and how much of a refused body is read
 * ({@code gateway.server}). The idle time-out between requests is Spring's own {@code server.netty.idle-timeout}.
 *
 * @param headerTimeout    the whole request head (request line and headers) must arrive within this, counted from its
 *                         first byte, however slowly the bytes come. 10 s: a real client sends its head (a few hundred
 *                         bytes, at most the server's header limit) in one write, in well under a second; 10 s still
 *                         covers three lost packets resent (TCP waits 1 + 2 + 4 s), while a caller that trickles its
 *                         head (slowloris) holds a connection for no longer
 * @param bodyTimeout      the whole request body must arrive within this, counted from the end of the head; 408 when
 *                         nothing has been answered yet. 30 s: the largest body accepted by default (10 MB) needs under
 *                         3 Mbit/s to arrive in time, far below any data-centre or office link, while a stalled upload
 *                         holds its connection and its partly read body for no longer. Raise it with
 *                         {@code gateway.limits.max-body-size} for callers on slow links
 * @param refusedBodyDrain after a 413, how much more than {@code gateway.limits.max-body-size} of the refused body the
 *                         gateway reads and discards before closing the connection. Clients that write their whole body
 *                         before reading (Python's urllib and requests) only see the 413 if the server reads what they
 *                         send; closing with unread bytes makes the kernel reset the connection instead. 1 MB: a body
 *                         somewhat over the limit (a prompt that grew) still gets its 413 read, while a caller declaring
 *                         gigabytes costs the gateway at most the limit plus this, never the whole declared body
 */
@ConfigurationProperties("gateway.server")
public record ConnectionSettings(
        @DefaultValue("10s") Duration headerTimeout,
        @DefaultValue("30s") Duration bodyTimeout,
        @DefaultValue("1MB") DataSize refusedBodyDrain) {

    public ConnectionSettings {
        positive("gateway.server.header-timeout", headerTimeout);
        positive("gateway.server.body-timeout", bodyTimeout);
        if (refusedBodyDrain.isNegative()) {
            throw new InvalidConfigurationException("gateway.server.refused-body-drain", refusedBodyDrain,
                    "must not be negative");
        }
    }

    /** A time-out of zero or less would bound nothing (Netty takes it as "never"). */
    static void positive(String key, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new InvalidConfigurationException(key, value, "must be greater than 0");
        }
    }
}
