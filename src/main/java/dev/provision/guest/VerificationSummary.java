package dev.provision.guest;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The counts every report shows, computed once the same way for all of them. */
/**
 * @param vmsNotVerified VMs not probed on purpose ({@link NotVerified}); of those, {@code vmsUnproven} want checks
 *                       and so are not proven ready
 */
record VerificationSummary(int vms, int vmsPassed, int vmsFailed, int vmsNotProbed, int vmsNotVerified,
                           int vmsUnproven, Map<Verdict, Integer> checks) {
    static VerificationSummary of(List<VmVerification> verifications) {
        int passed = 0;
        int failed = 0;
        int notProbed = 0;
        int notVerified = 0;
        int unproven = 0;
        Map<Verdict, Integer> checks = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            checks.put(v, 0);
        }
        for (VmVerification vm : verifications) {
            if (vm.notVerified() != null) {
                notVerified++;
                unproven += vm.notVerified().countsAgainst() ? 1 : 0;
            } else if (vm.error() != null) {
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
        return new VerificationSummary(verifications.size(), passed, failed, notProbed, notVerified, unproven, checks);
    }

    /** No check failed, every probe ran, and no VM that wants checks was left unverified. */
    boolean passed() {
        return vmsFailed == 0 && vmsNotProbed == 0 && vmsUnproven == 0;
    }

    /** What keeps the verification from passing, one phrase each ("3 of 200 VMs failed"), for every headline. */
    List<String> problems() {
        List<String> bad = new java.util.ArrayList<>();
        if (vmsFailed > 0) {
            bad.add(vmsFailed + " of " + vms + " VMs failed");
        }
        if (vmsNotProbed > 0) {
            bad.add(vmsNotProbed + " of " + vms + " VMs could not be probed");
        }
        if (vmsUnproven > 0) {
            bad.add(vmsUnproven + " of " + vms + " VMs not verified");
        }
        return bad;
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
