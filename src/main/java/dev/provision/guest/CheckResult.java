package dev.provision.guest;

import dev.provision.spec.GuestCheck;

/**
 * One check's verdict on one VM, with the cause where the evidence names one and what to do about it.
 *
 * @param evidence the observed facts the verdict rests on, short, for reports
 */
public record CheckResult(GuestCheck check, Verdict verdict, String cause, String remedy, String evidence) {
    public static CheckResult pass(GuestCheck check, String evidence) {
        return new CheckResult(check, Verdict.PASS, null, null, evidence);
    }

    public static CheckResult fail(GuestCheck check, String cause, String remedy, String evidence) {
        return new CheckResult(check, Verdict.FAIL, cause, remedy, evidence);
    }

    public static CheckResult skipped(GuestCheck check, String why) {
        return new CheckResult(check, Verdict.SKIPPED, why, null, null);
    }
}
