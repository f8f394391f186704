package dev.cochlea.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mutations of JSON text that keep most of it well formed, so that they reach the code behind the
 * JSON parser: a number, string or literal replaced by a boundary value, a word the format knows,
 * or a value of another type; a member deleted or duplicated; a value nested deeply; the whole
 * document replaced by another value ({@code null}, an array...); the text cut at a structural
 * character.
 */
final class JsonMutator {
    /** A string (without recursion per character: long strings must not overflow the stack), a number or a literal. */
    private static final Pattern TOKEN = Pattern.compile("\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\"|-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|true|false|null");
    private static final String[] NUMBERS = {"0", "-1", "1", "2", "-0", "0.5", "1.5", "1e3", "65535", "65536", "2147483647",
            "2147483648", "-2147483648", "-2147483649", "4294967296", "9223372036854775807", "9223372036854775808",
            "-9223372036854775809", "1e308", "1e309", "-1e309", "4.9e-324", "1e-400", "3.4028235e38", "3.5e38",
            "1".repeat(40), "9".repeat(1200)};
    private static final String[] VALUES = {"null", "true", "false", "[]", "{}", "[1,2]", "[[]]", "{\"a\":1}", "\"\"", "\"x\"",
            "[-1]", "[0,0]", "[1,1,1,1,1,1,1,1]", "\"\\u0000\"", "\"\\ud800\"", "\"" + "a".repeat(3000) + "\"", "\"../x\"",
            "\"a/b\"", "\"\\\\\""};

    private JsonMutator() {}

    /** One mutation of {@code json}; {@code words} are the format's own keys and values, quoted when used as strings. */
    static byte[] mutate(byte[] json, Random r, List<String> words) {
        String s = new String(json, StandardCharsets.UTF_8);
        List<int[]> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(s);
        while (m.find() && tokens.size() < 4096) tokens.add(new int[] {m.start(), m.end()});
        if (tokens.isEmpty()) return null;
        int[] t = tokens.get(r.nextInt(tokens.size()));
        String out;
        switch (r.nextInt(10)) {
            case 0, 1 -> out = replace(s, t, NUMBERS[r.nextInt(NUMBERS.length)]);
            case 2, 3 -> out = replace(s, t, "\"" + words.get(r.nextInt(words.size())) + "\"");
            case 4 -> out = replace(s, t, VALUES[r.nextInt(VALUES.length)]);
            case 5 -> { // delete a member: from a token to the next comma
                int comma = s.indexOf(',', t[1]);
                out = comma < 0 ? replace(s, t, "") : s.substring(0, t[0]) + s.substring(comma + 1);
            }
            case 6 -> { // duplicate from a token to the next comma
                int comma = s.indexOf(',', t[1]);
                if (comma < 0) return null;
                String member = s.substring(t[0], comma + 1);
                out = s.substring(0, t[0]) + member + s.substring(t[0]);
            }
            case 7 -> { // nest a value
                int depth = r.nextBoolean() ? 1 + r.nextInt(4) : 500 + r.nextInt(1500);
                out = s.substring(0, t[0]) + "[".repeat(depth) + s.substring(t[0], t[1]) + "]".repeat(depth) + s.substring(t[1]);
            }
            case 8 -> out = (r.nextBoolean() ? "\n" : "") + VALUES[r.nextInt(VALUES.length)];   // the whole document another value
            default -> { // cut at a structural character
                List<Integer> cuts = new ArrayList<>();
                for (int i = 0; i < s.length(); i++) if ("{}[]:,\"".indexOf(s.charAt(i)) >= 0) cuts.add(i);
                if (cuts.isEmpty()) return null;
                out = s.substring(0, cuts.get(r.nextInt(cuts.size())) + (r.nextBoolean() ? 1 : 0));
            }
        }
        return out.getBytes(StandardCharsets.UTF_8);
    }

    private static String replace(String s, int[] t, String with) {
        return s.substring(0, t[0]) + with + s.substring(t[1]);
    }
}
