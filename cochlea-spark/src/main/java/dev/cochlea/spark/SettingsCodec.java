package dev.cochlea.spark;

import dev.cochlea.train.FeatureConfig;
import dev.cochlea.train.TrainSettings;

import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link TrainSettings} as a plain serializable map, so the driver can ship them to barrier tasks:
 * every record component by name, paths as strings and the feature settings as a map of their own;
 * decoded through the records' canonical constructors, which validate them again on the executor.
 */
final class SettingsCodec {
    private SettingsCodec() {}

    static LinkedHashMap<String, Serializable> encode(Record r) {
        LinkedHashMap<String, Serializable> out = new LinkedHashMap<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object v = invoke(c, r);
            out.put(c.getName(), v == null ? null : v instanceof Path p ? p.toString() : v instanceof Record nested ? encode(nested)
                    : (Serializable) v);
        }
        return out;
    }

    static TrainSettings decode(Map<String, Serializable> m) {
        return build(TrainSettings.class, m);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Record> T build(Class<T> type, Map<String, Serializable> m) {
        RecordComponent[] cs = type.getRecordComponents();
        Object[] args = new Object[cs.length];
        for (int i = 0; i < cs.length; i++) {
            Object v = m.get(cs[i].getName());
            Class<?> t = cs[i].getType();
            args[i] = v == null ? null : t == Path.class ? Path.of((String) v) : t == FeatureConfig.class
                    ? build(FeatureConfig.class, (Map<String, Serializable>) v) : v;
        }
        try {
            Constructor<T> k = type.getDeclaredConstructor(Arrays.stream(cs).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return k.newInstance(args);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RuntimeException re) throw re;
            throw new IllegalStateException("settings could not be rebuilt on the executor: " + cause, cause);
        }
    }

    private static Object invoke(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
