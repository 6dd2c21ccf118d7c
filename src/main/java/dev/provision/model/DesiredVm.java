package dev.provision.model;

import dev.provision.spec.ResolvedDesiredState;
import dev.provision.spec.SourceLocation;

/** One VM the spec asks for, after its selector was matched against the inventory and its layers resolved. */
public record DesiredVm(String name, ResolvedDesiredState desired, SourceLocation location) {
}
