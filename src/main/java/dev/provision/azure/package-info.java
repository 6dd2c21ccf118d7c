/**
 * The project's only door to the Azure SDK for Java: {@link dev.provision.azure.AzureClients} builds the
 * Compute, Network and Resources clients for an ARM endpoint (an Azure cloud, or any Resource Manager given by
 * {@link dev.provision.azure.AzureEndpoint}) with per-connection TLS trust and HTTP logging off.
 */
package dev.provision.azure;
