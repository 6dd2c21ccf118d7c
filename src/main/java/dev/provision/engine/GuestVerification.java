package dev.provision.engine;

import dev.provision.event.Event;
import dev.provision.event.EventSink;
import dev.provision.guest.GuestFacts;
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
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Probes every VM whose desired state asks for guest checks and judges what the probe saw. A VM that cannot be
 * probed gets an error, never a pass.
 */
final class GuestVerification {
    private final EventSink events;

    GuestVerification(EventSink events) {
        this.events = events;
    }

    /** The probes to run for one target, one task per VM with checks. */
    List<Callable<VmVerification>> tasks(String target, Provider provider, List<DesiredVm> desired,
                                         Inventory observed) {
        List<Callable<VmVerification>> tasks = new ArrayList<>();
        for (DesiredVm vm : desired) {
            if (!vm.desired().guest().checksOrEmpty().isEmpty()) {
                tasks.add(() -> verify(target, provider, vm, observed.vm(vm.name())));
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

    private VmVerification verify(String target, Provider provider, DesiredVm vm, Optional<ObservedVm> observed)
            throws InterruptedException {
        events.emit(new Event.VerificationStarted(target, vm.name()));
        VmVerification result;
        if (observed.isEmpty()) {
            result = new VmVerification(target, vm.name(), List.of(), "VM does not exist");
        } else {
            try {
                GuestFacts facts = provider.probe(observed.get(), vm.desired().guest());
                VmContext context = new VmContext(observed.get().nestedVirtualization(),
                        observed.get().property("securityType"));
                result = new VmVerification(target, vm.name(),
                        VerdictRules.judge(facts, vm.desired().guest().checksOrEmpty(), context), null);
            } catch (ProviderException e) {
                result = new VmVerification(target, vm.name(), List.of(), e.getMessage());
            }
        }
        events.emit(new Event.VerificationFinished(result));
        return result;
    }
}
