package dev.provision.guest;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The counts every report shows, computed once the same way for all of them. */
record VerificationSummary(int vms, int vmsPassed, int vmsFailed, int vmsNotProbed, Map<Verdict, Integer> checks) {
    static VerificationSummary of(List<VmVerification> verifications) {
        int passed = 0;
        int failed = 0;
        int notProbed = 0;
        Map<Verdict, Integer> checks = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            checks.put(v, 0);
        }
        for (VmVerification vm : verifications) {
            if (vm.error() != null) {
                notProbed++;
            } else if (vm.passed()) {
                passed++;
            } else {
                failed++;
            }
            for (CheckResult r : vm.results()) {
                checks.merge(r.verdict(), 1, Integer::sum);
            }
        }
        return new VerificationSummary(verifications.size(), passed, failed, notProbed, checks);
    }

    int checks(Verdict verdict) {
        return checks.get(verdict);
    }

    int checkCount() {
        return checks.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The verifications grouped by target, targets in the order they first appear. */
    static Map<String, List<VmVerification>> byTarget(List<VmVerification> verifications) {
        Map<String, List<VmVerification>> out = new LinkedHashMap<>();
        for (VmVerification vm : verifications) {
            out.computeIfAbsent(vm.target(), t -> new java.util.ArrayList<>()).add(vm);
        }
        return out;
    }
}
