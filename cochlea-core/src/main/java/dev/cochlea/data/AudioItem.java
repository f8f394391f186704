package dev.cochlea.data;

import java.nio.file.Path;

/**
 * One recording found by {@link AudioFolder}: its file, its class label, the group it belongs to
 * (a speaker, say) and its take index when the file name carries one.
 *
 * <pre>{@code
 * AudioItem item = folder.items().get(0);
 * System.out.println(item.label() + " " + item.group());
 * }</pre>
 *
 * @param path  the audio file
 * @param label the class name
 * @param group the group name, or "" if none could be read
 * @param index the take index from the file name, or -1
 */
public record AudioItem(Path path, String label, String group, int index) {
}
