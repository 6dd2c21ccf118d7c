package dev.provision.engine;

import dev.provision.event.Event;
import dev.provision.event.EventSink;
import dev.provision.guest.GuestFacts;
import dev.provision.guest.NotVerified;
import dev.provision.guest.VerdictRules;
import dev.provision.guest.VmContext;
import dev.provision.guest.VmVerification;
import dev.provision.model.DesiredVm;
import dev.provision.plan.SelectorResolver;
import dev.provision.provider.Inventory;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.Provider;
import dev.provision.provider.ProviderException;
import dev.provision.spec.Diagnostic;
import dev.provision.spec.InvalidInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Probes every VM whose desired state asks for guest checks and judges what the probe saw. A VM that cannot be
 * probed gets an error, never a pass; one where a probe could mean nothing (no checks wanted, refused, never
 * created) is not probed and says why.
 */
final class GuestVerification {
    private final EventSink events;

    GuestVerification(EventSink events) {
        this.events = events;
    }

    /**
     * The verifications of one target, one task per VM of the spec: a probe where it can mean something, else the
     * one line why not. {@code skip} holds, by address, the VMs the plan or the apply ruled out.
     */
    List<Callable<VmVerification>> tasks(String target, Provider provider, List<DesiredVm> desired,
                                         Inventory observed, Map<String, NotVerified> skip) {
        List<Callable<VmVerification>> tasks = new ArrayList<>();
        for (DesiredVm vm : desired) {
            NotVerified why = vm.desired().guest().checksOrEmpty().isEmpty() ? NotVerified.noChecks()
                    : skip.get(target + "/" + vm.name());
            if (why == null && observed.vm(vm.name()).isEmpty()) {
                why = new NotVerified(NotVerified.Reason.MISSING, null);
            }
            if (why != null) {
                VmVerification result = VmVerification.notVerified(target, vm.name(), why);
                tasks.add(() -> result);
            } else {
                ObservedVm found = observed.vm(vm.name()).orElseThrow();
                tasks.add(() -> verify(target, provider, vm, found));
            }
        }
        return tasks;
    }

    static List<DesiredVm> resolve(dev.provision.spec.TargetSpec target, Inventory observed)
            throws InvalidInputException {
        List<Diagnostic> problems = new ArrayList<>();
        List<DesiredVm> desired = SelectorResolver.resolve(target, observed, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return desired;
    }

    private VmVerification verify(String target, Provider provider, DesiredVm vm, ObservedVm observed)
            throws InterruptedException {
        events.emit(new Event.VerificationStarted(target, vm.name()));
        VmVerification result;
        try {
            GuestFacts facts = provider.probe(observed, vm.desired().guest());
            VmContext context = new VmContext(observed.nestedVirtualization(), observed.property("securityType"));
            result = new VmVerification(target, vm.name(),
                    VerdictRules.judge(facts, vm.desired().guest().checksOrEmpty(), context), null);
        } catch (ProviderException e) {
            result = new VmVerification(target, vm.name(), List.of(), e.getMessage());
        }
        events.emit(new Event.VerificationFinished(result));
        return result;
    }
}
