package dev.provision.armlab;

import com.fasterxml.jackson.databind.JsonNode;

/** The Windows a new VM starts with: what its image installs, with the administrator account of its OS profile. */
final class WindowsGuests {
    private WindowsGuests() {}

    /**
     * A fresh install: the edition follows the marketplace image, and the optional features are off, as on a
     * fresh Windows (enabling them is the guest's business: provision's opt-in remediation, or a golden image).
     * The admin password is read here, turned into a salted digest, and never kept as text.
     */
    static WindowsGuest fromCreate(JsonNode properties) {
        JsonNode image = properties.path("storageProfile").path("imageReference");
        WindowsGuest guest = new WindowsGuest().edition(WindowsGuest.Edition.ofImage(Json.text(image, "publisher"),
                Json.text(image, "offer"), Json.text(image, "sku")));
        String user = Json.text(properties, "osProfile", "adminUsername");
        String password = Json.text(properties, "osProfile", "adminPassword");
        if (user != null && password != null) {
            guest.account(user, password);
        }
        return guest;
    }
}
