/**
 * An Azure Resource Manager emulator: an HTTPS server on 127.0.0.1 that answers the Compute, Network and
 * Resources calls the project makes, in Azure's shapes (checked against recorded Azure traffic), so a spec can
 * be rehearsed and the Azure code tested with the real Azure SDK and no Azure subscription.
 *
 * <p>Start it with {@link dev.provision.armlab.ArmEmulator#builder()}; give clients its
 * {@link dev.provision.armlab.ArmEmulator#endpoint() endpoint}, any bearer token, and its
 * {@link dev.provision.armlab.ArmEmulator#certificate() certificate} to trust. Seed VMs with
 * {@link dev.provision.armlab.SeedVm}, shape the "hardware cluster" and quotas with the builder, make Azure
 * misbehave with {@link dev.provision.armlab.FaultInjector}, decide what guest scripts print with a
 * {@link dev.provision.armlab.GuestAgent}, and count calls with {@link dev.provision.armlab.RequestLog}.
 *
 * <p>What it does not model: storage, disks as resources, extensions, availability sets, deployments,
 * resource group deletion, NIC existence checks at VM create, and the
 * {@code treatFailureAsDeploymentFailure} behaviour of managed run commands. A request it does not serve gets
 * a 400 {@code EmulatorUnsupportedRequest} naming the request, never a made-up success.
 *
 * <p>Which sizes expose virtualization to the guest is handed in ({@code Builder.nestingFamilies}): this package
 * names nothing else of provision's, and not the Azure SDK either (it is the server side); see LayeringTest.
 */
package dev.provision.armlab;
