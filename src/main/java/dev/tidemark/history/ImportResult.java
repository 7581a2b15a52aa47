package dev.tidemark.history;

import java.nio.file.Path;
import java.util.List;

/**
 * What an import did.
 *
 * @param file     the file
 * @param imported ids of the sessions added
 * @param skipped  ids of the sessions left out because a session with that id is already here (listed,
 *                 in the trash or damaged)
 */
public record ImportResult(Path file, List<String> imported, List<String> skipped) {

    public ImportResult {
        imported = List.copyOf(imported);
        skipped = List.copyOf(skipped);
    }

    /** One line for the user. */
    public String message() {
        String name = file.getFileName().toString();
        String added = imported.size() == 1 ? "1 session" : imported.size() + " sessions";
        String text = "Imported " + added + " from " + name + ".";
        if (!skipped.isEmpty()) {
            text += " Skipped " + skipped.size() + (skipped.size() == 1 ? " session that is" : " sessions that are")
                    + " already here (same id, in the list, in the trash or damaged; never replaced): " + String.join(", ", skipped.subList(0, Math.min(5, skipped.size())))
                    + (skipped.size() > 5 ? ", …" : "") + ".";
        }
        return text;
    }
}
