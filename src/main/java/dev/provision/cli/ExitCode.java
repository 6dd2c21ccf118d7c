package dev.provision.cli;

/**
 * The exit codes, for pipelines. They are part of the interface: never renumber them.
 * Terraform's {@code -detailed-exitcode} uses 2 for "changes"; here 2 already means invalid input, so changes are 3.
 */
public final class ExitCode {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int INVALID_INPUT = 2;
    public static final int CHANGES_PRESENT = 3;
    public static final int APPLY_PARTLY_FAILED = 4;
    public static final int STALE_PLAN = 5;
    public static final int VERIFICATION_FAILED = 6;
    /** Some VMs cannot be brought to the wanted state (refused); for sizes: no size qualifies. */
    public static final int REFUSED = 7;
    public static final int INTERRUPTED = 130;

    /** As shown under "Exit codes:" in every command's help. */
    static final String[] HELP = {
        "0:Success; for plan: no changes, or changes without --detailed-exitcode.",
        "1:Runtime failure (a cloud could not be reached, an unexpected error).",
        "2:Invalid input (spec, plan file or options); nothing was contacted or changed.",
        "3:plan --detailed-exitcode: the plan has changes to apply.",
        "4:apply partly failed: some VMs were changed, others failed or were refused (see the report).",
        "5:Stale plan: the spec or the VMs changed since the plan was made; nothing was changed.",
        "6:Guest verification failed on at least one VM.",
        "130:Interrupted; changes already under way were finished first.",
    };

    private ExitCode() {}
}
