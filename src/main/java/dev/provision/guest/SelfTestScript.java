package dev.provision.guest;

/**
 * The self-test a person runs once on a real Windows to report a wrong verdict: it records, raw and apart, every
 * command output the probe judges (as the user and, when elevated, as SYSTEM) into one UTF-8 JSON file that drops
 * into the test resources as a fixture. No Windows runs where provision is built, so this is how the probe's
 * reading of Windows meets the real thing. It is never sent through Run Command, so it has no byte budget.
 */
public final class SelfTestScript {
    /** The script's file name beside the probe scripts. */
    public static final String FILE = "self-test.ps1";
    /** The file it writes in the folder it runs in. */
    public static final String OUTPUT = "self-test.json";

    private SelfTestScript() {}

    /** The script as shipped. */
    public static String text() {
        return ProbeScripts.load(FILE);
    }
}
