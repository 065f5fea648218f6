package dev.bedrockgateway.routing;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The route table in force. A request reads it once, at its start, and finishes on that table; a reload swaps in a
 * new one atomically, so no request sees half of each.
 */
public final class ActiveRouteTable {

    private final AtomicReference<RouteTable> current;

    public ActiveRouteTable(RouteTable initial) {
        this.current = new AtomicReference<>(initial);
    }

    public RouteTable current() {
        return current.get();
    }

    /** Puts {@code next} in force and returns the table it replaced. */
    public RouteTable swap(RouteTable next) {
        return current.getAndSet(next);
    }
}
