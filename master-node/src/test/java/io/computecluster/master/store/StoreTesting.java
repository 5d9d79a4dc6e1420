package io.computecluster.master.store;

import io.computecluster.common.config.ConfigLoader;
import io.computecluster.common.config.SettingsReader;
import java.util.HashMap;
import java.util.Map;

/** Store settings for tests. */
final class StoreTesting {
    private StoreTesting() {
    }

    static StoreSettings settings(Map<String, Object> overrides) {
        return StoreSettings.from(new SettingsReader(ConfigLoader.defaults(new HashMap<>(overrides))));
    }
}
