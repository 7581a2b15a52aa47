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

    /** A row that lets go of its content while the flow keeps it unused. */
    interface Row {
        /** Puts back what the row let go of; true if it did (those nodes then need styling before layout). */
        boolean attach();

        /** True for the last row of a reply that is streaming: it grows, and needs layout, every pulse. */
        boolean growing();
    }

    static final class Flow<C extends IndexedCell<?>> extends VirtualFlow<C> {
        /**
         * The flow calls {@code applyCss()} on every row it places that needs layout, which restyles
         * every node in the row. The growing row needs layout on every pulse, so all of its nodes were
         * restyled 60 times a second (22 % of the FX thread in a JFR profile of RenderBenchmark),
         * although its new nodes had been styled by the scene's CSS pass, which runs before layout and
         * visits only what changed. So the growing row, in its place and with its item, is not
         * restyled here; every other row is, as JavaFX does.
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
            if (unchanged && cell.isVisible() && cell instanceof Row row && row.growing()) {
                return; // the growing row in its place: styled by the CSS pass
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
