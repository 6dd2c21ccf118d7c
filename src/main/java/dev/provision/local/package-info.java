/**
 * The guest transport for the machine provision runs on: the probe scripts run here with powershell.exe, for
 * {@code provision probe --local}. Imports only the core.
 */
package dev.provision.local;
