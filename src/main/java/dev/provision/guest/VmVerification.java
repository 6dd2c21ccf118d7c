package dev.provision.guest;

import java.util.List;

/**
 * Every check's result on one VM; {@code error} is set instead when the guest could not be probed at all.
 */
public record VmVerification(String target, String vm, List<CheckResult> results, String error) {
    public VmVerification {
        results = List.copyOf(results);
    }

    public boolean passed() {
        return error == null && results.stream().noneMatch(r -> r.verdict() == Verdict.FAIL);
    }
}
