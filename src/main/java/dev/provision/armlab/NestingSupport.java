package dev.provision.armlab;

import java.util.function.Predicate;

/**
 * Whether a simulated VM's size exposes virtualization to its guest. Azure has no API for it, so the emulator is
 * handed a rule by SKU family ({@link ArmEmulator.Builder#nestingFamilies}): provision's rehearsal and tests give it
 * the project's documented series catalog, so the guest behaves as the documentation says that series does
 * (burstable B: WSL 2 fails with 0x80370102). The emulator itself knows no series: without a rule, and for sizes it
 * does not list, nothing nests, as an emulator must not make an unknown size look capable.
 */
final class NestingSupport {
    /** The rule of an emulator that was given none. */
    static final Predicate<String> NONE = family -> false;

    private NestingSupport() {}

    static boolean nests(ArmContext ctx, SimulatedVm vm) {
        return ctx.skus.vmSize(vm.location, vm.size).map(size -> ctx.nestingFamilies.test(size.family()))
                .orElse(false);
    }
}
