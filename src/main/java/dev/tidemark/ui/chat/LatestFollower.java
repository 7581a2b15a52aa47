package dev.tidemark.ui.chat;

import javafx.beans.property.BooleanProperty;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;

/**
 * Keeps the newest text of the conversation in sight while {@code following} is true, and decides
 * when it is: the user scrolling up stops following; scrolling (or dragging the scroll bar) back to
 * the bottom follows again. Only the user's own gestures count: the position also moves when the
 * last message grows, and that must not stop following. FX thread.
 */
final class LatestFollower {

    private final ListView<MessagePart> list;
    private final BooleanProperty following;
    private boolean afterLayout; // a follow after the next layout is asked for

    LatestFollower(ListView<MessagePart> list, BooleanProperty following) {
        this.list = list;
        this.following = following;
        watchGestures();
    }

    /** Follows from now on, and goes to the bottom at once. */
    void follow() {
        following.set(true);
        followIfAtBottom();
    }

    /** Goes to the bottom of the last message, however tall it has grown, while following. */
    void followIfAtBottom() {
        if (!following.get() || list.getItems().isEmpty()) {
            return;
        }
        VirtualFlow<?> flow = flow();
        if (flow == null) {
            list.scrollTo(list.getItems().size() - 1);
        } else {
            flow.setPosition(1.0);
        }
    }

    /**
     * Follows once more after the next layout: a row that grew in one step (a tool card appeared,
     * its result opened) has its new height only then.
     */
    void followAfterLayout() {
        if (!following.get() || afterLayout || list.getScene() == null) {
            return;
        }
        afterLayout = true;
        javafx.scene.Scene scene = list.getScene();
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            afterLayout = false;
            followIfAtBottom();
        };
        scene.addPostLayoutPulseListener(once[0]);
    }

    private void watchGestures() {
        list.addEventFilter(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() > 0) {
                following.set(false);
            }
        });
        list.addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() < 0 && atBottom()) {
                following.set(true);
            }
        });
        list.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> {
            if (isOnScrollBar(e.getTarget())) {
                following.set(atBottom());
            }
        });
        list.addEventFilter(MouseEvent.MOUSE_DRAGGED, e -> {
            if (isOnScrollBar(e.getTarget()) && !atBottom()) {
                following.set(false);
            }
        });
    }

    private VirtualFlow<?> flow() {
        return list.lookup("." + ChatStyles.VIRTUAL_FLOW) instanceof VirtualFlow<?> flow ? flow : null;
    }

    private boolean atBottom() {
        VirtualFlow<?> flow = flow();
        return flow == null || flow.getPosition() >= 0.999;
    }

    private static boolean isOnScrollBar(Object target) {
        for (Node n = target instanceof Node node ? node : null; n != null; n = n.getParent()) {
            if (n instanceof ScrollBar) {
                return true;
            }
        }
        return false;
    }
}
