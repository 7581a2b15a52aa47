package dev.tidemark.ui.chat;

import javafx.scene.control.IndexedCell;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.ListViewSkin;
import javafx.scene.control.skin.VirtualFlow;

/**
 * The conversation list's skin: JavaFX's own, with a virtual flow whose unused rows (the flow keeps
 * some, hidden, for reuse) let go of their content ({@link Row}) and take it back before they are
 * placed or measured again.
 *
 * <p>Every node in the scene is visited on every pulse to update its bounds, shown or not: a list
 * that had shown a long reply kept some 2,000 hidden nodes in unused rows, against about 200 on
 * screen, and that walk was a third of the FX thread's time in a JFR profile of RenderBenchmark.
 */
final class ConversationListSkin<T> extends ListViewSkin<T> {

    ConversationListSkin(ListView<T> list) {
        super(list);
    }

    @Override
    protected VirtualFlow<ListCell<T>> createVirtualFlow() {
        return new Flow<>();
    }

    /** The flow is told the new row count; the layout that telling starts is left to the pulse (see {@link Flow#layoutChildren}). */
    @Override
    protected void updateItemCount() {
        Flow<?> flow = (Flow<?>) getVirtualFlow();
        flow.countChanging = true;
        try {
            super.updateItemCount();
        } finally {
            flow.countChanging = false;
        }
    }

    /** A row that lets go of its content while the flow keeps it unused. */
    interface Row {
        /** Puts back what the row let go of; true if it did (those nodes then need styling before layout). */
        boolean attach();
    }

    static final class Flow<C extends IndexedCell<?>> extends VirtualFlow<C> {
        private final Runnable pulseStarts = () -> inPulse = true;
        private final Runnable pulseEnds = () -> inPulse = false;
        /** True from just before the scene's CSS pass to the end of its layout pass. */
        private boolean inPulse;
        /** True while the list tells the flow its new row count. */
        private boolean countChanging;

        /**
         * When the row count changes, JavaFX's flow lays itself out at once, before it has moved to
         * the place the new count gives (it does that just after), and the pulse lays it out again
         * there: two screens of rows placed and styled, the first for nothing (a version switch in a
         * 2,000-message chat placed rows 0–3 first, then the rows at the fork). That first layout
         * is left out; the flow asks for the pulse's.
         */
        @Override
        protected void layoutChildren() {
            if (countChanging) {
                requestLayout();
                return;
            }
            super.layoutChildren();
        }

        Flow() {
            sceneProperty().addListener((obs, old, now) -> {
                if (old != null) {
                    old.removePreLayoutPulseListener(pulseStarts);
                    old.removePostLayoutPulseListener(pulseEnds);
                }
                if (now != null) {
                    now.addPreLayoutPulseListener(pulseStarts);
                    now.addPostLayoutPulseListener(pulseEnds);
                }
                inPulse = false;
            });
        }

        /**
         * The flow calls {@code applyCss()} on every row it places that needs layout, which restyles
         * every node in the row. In the pulse that is work done twice: the scene's CSS pass, which
         * runs just before layout and visits only what changed, has styled every node the row had.
         * The growing row needs layout on every pulse (restyling it was 22 % of the FX thread in a
         * JFR profile of RenderBenchmark), and so does the row a long reply was cut after. So in the
         * pulse a row in its place and with its item is not restyled here; a row given another item
         * or index, or placed outside the pulse, is, as JavaFX does.
         */
        @Override
        protected void setCellIndex(C cell, int index) {
            if (cell.getIndex() != index) {
                // a row reused for another index gets its new content first (while its old content is
                // still let go of, nothing is restyled for nothing), then is styled as JavaFX does
                super.setCellIndex(cell, index);
                if (attach(cell)) {
                    cell.applyCss();
                }
                return;
            }
            boolean attached = attach(cell);
            Object shown = cell.getItem();
            cell.updateIndex(index);
            boolean unchanged = !attached && cell.getItem() == shown;
            if (unchanged && cell.isVisible() && inPulse) {
                return; // a row in its place, with its item: styled by the CSS pass
            }
            if (!unchanged || cell.isNeedsLayout()) {
                cell.applyCss();
            }
        }

        /** Also the cell the flow measures a row with, which may be an unused one: with its content. */
        @Override
        public C getCell(int index) {
            C cell = super.getCell(index);
            if (attach(cell)) {
                cell.applyCss();
            }
            return cell;
        }

        private static boolean attach(IndexedCell<?> cell) {
            return cell instanceof Row row && row.attach();
        }
    }
}
