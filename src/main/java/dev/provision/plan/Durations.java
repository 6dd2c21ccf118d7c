package dev.provision.plan;

import java.time.Duration;

/** Durations the way people write them in specs: 90s, 5m, 1h30m. */
public final class Durations {
    private Durations() {}

    public static String format(Duration d) {
        long s = d.getSeconds();
        StringBuilder out = new StringBuilder();
        if (s >= 3600) {
            out.append(s / 3600).append('h');
            s %= 3600;
        }
        if (s >= 60) {
            out.append(s / 60).append('m');
            s %= 60;
        }
        if (s > 0 || out.length() == 0) {
            out.append(s).append('s');
        }
        return out.toString();
    }
}
