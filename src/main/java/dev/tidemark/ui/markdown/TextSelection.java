package dev.tidemark.ui.markdown;

import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Control;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drag-selection over all the text of one message. {@code TextFlow} has no selection of its own,
 * so this keeps an anchor and a focus (each a flow and a character index), finds positions with
 * {@code TextFlow.hitTest}, and has each {@link RunFlow} in between paint its part with
 * {@code rangeShape}. Positions refer to flows, not to block numbers, so a selection in earlier
 * blocks survives while later blocks stream in; if a selected flow is replaced, the selection ends.
 *
 * <p>Used on the FX thread only.
 */
final class TextSelection {

    private record Position(RunFlow flow, int index) {
    }

    private final Parent root;
    private List<RunFlow> flows = List.of();
    private final Map<RunFlow, Integer> order = new IdentityHashMap<>();
    private boolean stale = true;
    private Position anchor;
    private Position focus;
    private final Set<RunFlow> painted = new HashSet<>();

    TextSelection(Parent root) {
        this.root = root;
    }

    /** The blocks changed: the list of flows is gathered again when next needed. */
    void contentChanged() {
        stale = true;
    }

    boolean isEmpty() {
        return selectedText().isEmpty();
    }

    /** A primary press at a scene point: starts a selection, extends it with shift, selects a word or a block on a double or triple click. */
    void press(double sceneX, double sceneY, boolean extend, int clickCount) {
        Position at = positionAt(sceneX, sceneY);
        if (at == null) {
            clear();
            return;
        }
        if (clickCount == 2) {
            int[] word = wordAround(at.flow().text(), at.index());
            anchor = new Position(at.flow(), word[0]);
            focus = new Position(at.flow(), word[1]);
        } else if (clickCount >= 3) {
            anchor = new Position(at.flow(), 0);
            focus = new Position(at.flow(), at.flow().text().length());
        } else if (extend && anchor != null && order.containsKey(anchor.flow())) {
            focus = at;
        } else {
            anchor = at;
            focus = at;
        }
        paint();
    }

    void drag(double sceneX, double sceneY) {
        if (anchor == null) {
            return;
        }
        Position at = positionAt(sceneX, sceneY);
        if (at != null) {
            focus = at;
            paint();
        }
    }

    void selectAll() {
        refresh();
        if (flows.isEmpty()) {
            return;
        }
        RunFlow last = flows.get(flows.size() - 1);
        anchor = new Position(flows.get(0), 0);
        focus = new Position(last, last.text().length());
        paint();
    }

    void clear() {
        anchor = null;
        focus = null;
        for (RunFlow flow : painted) {
            flow.clearSelection();
        }
        painted.clear();
    }

    /** The selected text; flows are joined by a newline, blocks by a blank line, table cells by a tab. */
    String selectedText() {
        refresh();
        if (anchor == null) {
            return "";
        }
        Position[] range = ordered();
        int first = order.get(range[0].flow());
        int last = order.get(range[1].flow());
        StringBuilder text = new StringBuilder();
        for (int i = first; i <= last; i++) {
            RunFlow flow = flows.get(i);
            int start = i == first ? range[0].index() : 0;
            int end = i == last ? range[1].index() : flow.text().length();
            if (i > first) {
                text.append(separator(flows.get(i - 1), flow));
            }
            text.append(flow.text(), Math.min(start, flow.text().length()), Math.min(end, flow.text().length()));
        }
        return text.toString();
    }

    private String separator(RunFlow before, RunFlow flow) {
        if ("\t".equals(flow.separatorBefore())) {
            return "\t";
        }
        return topLevelBlock(before) == topLevelBlock(flow) ? "\n" : "\n\n";
    }

    private Node topLevelBlock(Node node) {
        Node at = node;
        while (at.getParent() != null && at.getParent() != root) {
            at = at.getParent();
        }
        return at;
    }

    private void paint() {
        refresh();
        if (anchor == null) {
            return;
        }
        Position[] range = ordered();
        int first = order.get(range[0].flow());
        int last = order.get(range[1].flow());
        Set<RunFlow> now = new HashSet<>();
        for (int i = first; i <= last; i++) {
            RunFlow flow = flows.get(i);
            int start = i == first ? range[0].index() : 0;
            int end = i == last ? range[1].index() : flow.text().length();
            flow.select(start, end);
            if (flow.hasSelection()) {
                now.add(flow);
            }
        }
        for (RunFlow flow : painted) {
            if (!now.contains(flow)) {
                flow.clearSelection();
            }
        }
        painted.clear();
        painted.addAll(now);
    }

    private Position[] ordered() {
        int a = order.get(anchor.flow());
        int f = order.get(focus.flow());
        boolean forward = a < f || a == f && anchor.index() <= focus.index();
        return forward ? new Position[] {anchor, focus} : new Position[] {focus, anchor};
    }

    /** Gathers the flows in document order if the blocks changed, and drops a selection whose flows are gone. */
    private void refresh() {
        if (!stale) {
            return;
        }
        List<RunFlow> found = new ArrayList<>();
        collect(root, found);
        flows = found;
        order.clear();
        for (int i = 0; i < found.size(); i++) {
            order.put(found.get(i), i);
        }
        painted.removeIf(flow -> !order.containsKey(flow));
        if (anchor != null && (!order.containsKey(anchor.flow()) || !order.containsKey(focus.flow()))) {
            clear();
        }
        stale = false;
    }

    private static void collect(Parent parent, List<RunFlow> into) {
        for (Node child : parent.getChildrenUnmodifiable()) {
            if (child instanceof RunFlow flow) {
                into.add(flow);
            } else if (child instanceof Parent p && !(child instanceof Control)) {
                collect(p, into);
            }
        }
    }

    /**
     * The text position at a scene point: inside a flow, the character there; level with a flow
     * (in its margin), the nearest character on that line; between or beyond flows, the end of
     * the flow above (or the start of the first).
     */
    private Position positionAt(double sceneX, double sceneY) {
        refresh();
        if (flows.isEmpty()) {
            return null;
        }
        RunFlow level = null;
        double levelDistance = Double.MAX_VALUE;
        RunFlow above = null;
        for (RunFlow flow : flows) {
            Bounds bounds = flow.localToScene(flow.getLayoutBounds());
            if (bounds == null) {
                continue;
            }
            if (bounds.contains(sceneX, sceneY)) {
                return new Position(flow, flow.indexAt(flow.sceneToLocal(sceneX, sceneY)));
            }
            if (sceneY >= bounds.getMinY() && sceneY <= bounds.getMaxY()) {
                double distance = sceneX < bounds.getMinX() ? bounds.getMinX() - sceneX : sceneX - bounds.getMaxX();
                if (distance < levelDistance) {
                    levelDistance = distance;
                    level = flow;
                }
            } else if (bounds.getMaxY() < sceneY) {
                above = flow;
            }
        }
        if (level != null) {
            Bounds bounds = level.localToScene(level.getLayoutBounds());
            double x = Math.max(bounds.getMinX(), Math.min(bounds.getMaxX() - 0.5, sceneX));
            Point2D local = level.sceneToLocal(x, sceneY);
            return new Position(level, level.indexAt(local));
        }
        if (above != null) {
            return new Position(above, above.text().length());
        }
        return new Position(flows.get(0), 0);
    }

    private static int[] wordAround(String text, int index) {
        if (text.isEmpty()) {
            return new int[] {0, 0};
        }
        BreakIterator words = BreakIterator.getWordInstance();
        words.setText(text);
        int at = Math.min(index, text.length() - 1);
        int end = words.following(at);
        int start = words.previous();
        return new int[] {start, end == BreakIterator.DONE ? text.length() : end};
    }
}
