package dev.provision.azure.sizing;

/**
 * What the documentation says about one size series.
 *
 * @param series   the series as Microsoft's pages name it, e.g. {@code Dsv5}
 * @param amd      AMD processors: nesting needs a Windows Server 2022 / Windows 11 guest, so it is opt-in
 * @param onlyGeneration the one Hyper-V generation the series boots ({@code V1} or {@code V2}), or null for both
 * @param note     why it is not supported, in a few words (e.g. "burstable"), or a caveat; may be null
 * @param source   where this comes from, for the user who doubts it
 */
public record SeriesFacts(String series, NestedSupport support, boolean amd, String onlyGeneration, String note,
                          String source) {
}
