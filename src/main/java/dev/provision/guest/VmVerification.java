package dev.provision.guest;

import java.util.List;

/**
 * Every check's result on one VM; {@code error} is set instead when the guest could not be probed at all, and
 * {@code notVerified} when it was not probed on purpose (nothing asked of it, or a probe could mean nothing).
 */
public record VmVerification(String target, String vm, List<CheckResult> results, String error,
                             NotVerified notVerified) {
    public VmVerification {
        results = List.copyOf(results);
    }

    public VmVerification(String target, String vm, List<CheckResult> results, String error) {
        this(target, vm, results, error, null);
    }

    public static VmVerification notVerified(String target, String vm, NotVerified why) {
        return new VmVerification(target, vm, List.of(), null, why);
    }

    /** Probed, and no check failed. */
    public boolean passed() {
        return error == null && notVerified == null && results.stream().noneMatch(r -> r.verdict() == Verdict.FAIL);
    }

    /** Whether this VM makes the verification fail: a failed check, a failed probe, or one it could not do. */
    public boolean failed() {
        return notVerified == null ? !passed() : notVerified.countsAgainst();
    }
}
