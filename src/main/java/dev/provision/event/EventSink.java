package dev.provision.event;

/** Receives the core's events. Implementations must be thread-safe: changes run in parallel. */
@FunctionalInterface
public interface EventSink {
    EventSink NONE = event -> { };

    void emit(Event event);
}
