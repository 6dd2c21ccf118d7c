package dev.provision.guest;

/** The outcome of one guest check. */
public enum Verdict {
    PASS("pass"), FAIL("fail"), WARN("warn"), SKIPPED("skipped");

    private final String key;

    Verdict(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
