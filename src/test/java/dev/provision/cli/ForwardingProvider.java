package dev.provision.cli;

import dev.provision.event.EventSink;
import dev.provision.guest.GuestFacts;
import dev.provision.guest.VmContext;
import dev.provision.model.Change;
import dev.provision.provider.ChangeRules;
import dev.provision.provider.Inventory;
import dev.provision.provider.ObservedVm;
import dev.provision.provider.Provider;
import dev.provision.provider.ProviderException;
import dev.provision.provider.SizeAdvisor;
import dev.provision.spec.GuestSpec;

import java.util.Optional;

/** A real provider with one call changed by a test: everything it does not override goes to the provider inside. */
abstract class ForwardingProvider implements Provider {
    protected final Provider inside;

    ForwardingProvider(Provider inside) {
        this.inside = inside;
    }

    @Override
    public Inventory read() throws ProviderException, InterruptedException {
        return inside.read();
    }

    @Override
    public ChangeRules rules() {
        return inside.rules();
    }

    @Override
    public ObservedVm apply(Change change, EventSink events) throws ProviderException, InterruptedException {
        return inside.apply(change, events);
    }

    @Override
    public GuestFacts probe(ObservedVm vm, GuestSpec guest) throws ProviderException, InterruptedException {
        return inside.probe(vm, guest);
    }

    @Override
    public void enableFeatures(Change change, EventSink events) throws ProviderException, InterruptedException {
        inside.enableFeatures(change, events);
    }

    @Override
    public VmContext context(ObservedVm vm) {
        return inside.context(vm);
    }

    @Override
    public Optional<SizeAdvisor> sizeAdvisor() {
        return inside.sizeAdvisor();
    }

    @Override
    public void close() {
        inside.close();
    }
}
