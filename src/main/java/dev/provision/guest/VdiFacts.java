package dev.provision.guest;

import java.util.List;

/**
 * What the guest shows of the desktop it is, as the probe read it; {@link VdiSignals#of} weighs. Null means not
 * observed.
 *
 * @param markers           the names of the markers probe-system.ps1 found ($VdiMarkers: citrixvda, pvs, horizon,
 *                          instantclone, composer, avd)
 * @param pvsWriteCacheType $WriteCacheType in Citrix Provisioning's Personality.ini: 0 a private (persistent)
 *                          vDisk, another number a standard image; null when the file or the value is absent
 * @param dockerUsers       how many user profiles hold Docker Desktop data
 */
public record VdiFacts(List<String> markers, Integer pvsWriteCacheType, Integer dockerUsers) {
    public VdiFacts {
        markers = markers == null ? List.of() : List.copyOf(markers);
    }

    public boolean has(String marker) {
        return markers.contains(marker);
    }
}
