/**
 * The project's only door to the Azure SDK for Java: {@link dev.provision.azure.AzureClients} builds the
 * Compute, Network and Resources clients for an ARM endpoint (Azure, or the emulator in
 * {@code dev.provision.armlab}) with per-connection TLS trust and HTTP logging off.
 */
package dev.provision.azure;
