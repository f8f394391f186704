package dev.cochlea.kernels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What this process runs on, as far as the JVM can read it: the CPU's model name, vendor and family
 * ({@code /proc/cpuinfo}), its SIMD extensions, the data caches of CPU 0
 * ({@code /sys/devices/system/cpu/cpu0/cache}) and the processors the JVM may use. Benchmarks print
 * it so that every figure names its machine; fields that cannot be read are empty or 0. Where the
 * cache folder is missing (virtual machines often have none), cpuinfo's {@code cache size} stands in:
 * the L2 of one core on AMD processors, the L3 on Intel's.
 *
 * <pre>{@code
 * System.out.println(Machine.get().describe());
 * // AMD EPYC (family 26); 2 processors; avx2 fma avx512f …; L1d 32 KB, L2 1 MB, L3 32 MB; vector kernels, 16 lanes; gemm tile 4x4, nc 1024, mc 256, A in place
 * }</pre>
 *
 * @param model      the CPU's model name ({@code lscpu}'s "Model name"), or "unknown"
 * @param vendor     {@code GenuineIntel}, {@code AuthenticAMD}, ... or ""
 * @param family     cpuinfo's {@code cpu family} (AMD: 25 is Zen 3 and Zen 4, 26 is Zen 5; Intel: 6), 0 when unknown
 * @param processors processors available to the JVM
 * @param simd       the SIMD extensions of interest the CPU reports, in a fixed order
 * @param l1d        level-1 data cache of one core in bytes (0: unknown)
 * @param l2         level-2 cache in bytes (0: unknown)
 * @param l3         level-3 cache in bytes (0: unknown)
 */
public record Machine(String model, String vendor, int family, int processors, List<String> simd, long l1d, long l2, long l3) {
    private static final List<String> SIMD = List.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl",
            "avx512_vnni", "avx512_bf16", "avx512_fp16", "amx_tile");
    private static volatile Machine cached;

    /** The machine of this process (read once). */
    public static Machine get() {
        Machine m = cached;
        if (m == null) cached = m = read(Path.of("/proc/cpuinfo"), Path.of("/sys/devices/system/cpu/cpu0/cache"));
        return m;
    }

    /** Reads the given cpuinfo file and cache folder (tests give their own). */
    static Machine read(Path cpuinfo, Path caches) {
        String model = "unknown", vendor = "";
        int family = 0;
        long cacheSize = 0;
        Set<String> flags = Set.of();
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                int colon = line.indexOf(':');
                if (colon < 0) continue;
                String key = line.substring(0, colon).trim(), value = line.substring(colon + 1).trim();
                if (key.equals("model name") && model.equals("unknown")) model = value;
                else if (key.equals("vendor_id") && vendor.isEmpty()) vendor = value;
                else if (key.equals("flags") && flags.isEmpty()) flags = Set.of(value.split("\\s+"));
                else if (key.equals("cpu family") && family == 0) family = integer(value);
                else if (key.equals("cache size") && cacheSize == 0) cacheSize = bytes(value.replace(" ", "").replace("B", ""));
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: the fields stay unknown
        }
        List<String> simd = new ArrayList<>();
        for (String f : SIMD) if (flags.contains(f)) simd.add(f);
        long l1d = 0, l2 = 0, l3 = 0;
        for (int i = 0; i < 8; i++) {
            Path d = caches.resolve("index" + i);
            String level = first(d.resolve("level")), type = first(d.resolve("type"));
            long size = bytes(first(d.resolve("size")));
            if (level.equals("1") && type.equals("Data")) l1d = size;
            else if (level.equals("2") && !type.equals("Instruction")) l2 = size;
            else if (level.equals("3")) l3 = size;
        }
        if (l2 == 0 && vendor.equals("AuthenticAMD")) l2 = cacheSize;
        if (l3 == 0 && vendor.equals("GenuineIntel")) l3 = cacheSize;
        return new Machine(model, vendor, family, Runtime.getRuntime().availableProcessors(), List.copyOf(simd), l1d, l2, l3);
    }

    /** One line naming the CPU, its SIMD extensions, caches, the kernels in use and their matrix-product plan. */
    public String describe() {
        Kernels k = KernelProvider.get();
        return model + (family > 0 ? " (family " + family + ")" : "") + "; " + processors + (processors == 1 ? " processor" : " processors") + "; "
                + (simd.isEmpty() ? "no SIMD flags read" : String.join(" ", simd)) + "; L1d " + size(l1d) + ", L2 " + size(l2)
                + ", L3 " + size(l3) + "; " + k.name() + " kernels, " + k.lanes() + (k.lanes() == 1 ? " lane" : " lanes")
                + (k.name().equals("vector") ? "; gemm " + GemmPlans.current().settings() : "");
    }

    /** True for an AMD processor of the Zen 5 generation or later, whose cores have two 512-bit FMA pipes. */
    public boolean amdZen5OrLater() {
        return vendor.equals("AuthenticAMD") && family >= 26;
    }

    private static int integer(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String first(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** "32K", "1024K", "32M" (sysfs's form) in bytes; 0 when it does not parse. */
    static long bytes(String s) {
        if (s.isEmpty()) return 0;
        char unit = Character.toUpperCase(s.charAt(s.length() - 1));
        long mul = unit == 'K' ? 1L << 10 : unit == 'M' ? 1L << 20 : unit == 'G' ? 1L << 30 : 1;
        try {
            return Long.parseLong(Character.isDigit(unit) ? s : s.substring(0, s.length() - 1)) * mul;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String size(long b) {
        if (b == 0) return "?";
        if (b % (1L << 20) == 0) return (b >> 20) + " MB";
        return String.format(Locale.ROOT, "%d KB", b >> 10);
    }
}
