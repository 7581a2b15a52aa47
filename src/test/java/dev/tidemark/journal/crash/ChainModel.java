package dev.tidemark.journal.crash;

import dev.tidemark.model.MessageStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the children of one chain (one data directory, killed again and again) reported: every
 * session, user message and reply they handed to the journal, and how far each was acknowledged.
 * Also what the checks saw of each message, so that a later check can demand that it is unchanged.
 */
final class ChainModel {

    static final class SessionModel {
        final String id;
        boolean createdAcked;
        int turns;
        /** Message ids in the order the child appended them: user, reply, user, reply, … */
        final List<String> order = new ArrayList<>();

        SessionModel(String id) {
            this.id = id;
        }
    }

    static final class UserModel {
        final String id;
        final String sessionId;
        final int turn;
        boolean acked;

        UserModel(String id, String sessionId, int turn) {
            this.id = id;
            this.sessionId = sessionId;
            this.turn = turn;
        }
    }

    static final class StreamModel {
        final String id;
        final String sessionId;
        final String userId;
        final int run;
        boolean startAcked;
        long maxAckedDelta;
        /** The driver decided to end it ({@code ~end}): from here on the store may hold the final reply. */
        boolean endDecided;
        long endSeq;
        MessageStatus endStatus;
        boolean endAppended;
        boolean endAcked;

        StreamModel(String id, String sessionId, String userId, int run) {
            this.id = id;
            this.sessionId = sessionId;
            this.userId = userId;
            this.run = run;
        }

        @Override
        public String toString() {
            return id + "{run " + run + ", startAcked " + startAcked + ", deltas acked " + maxAckedDelta
                    + (endDecided ? ", end " + endStatus + " seq " + endSeq + (endAppended ? " appended" : "")
                    + (endAcked ? " acked" : "") : "")
                    + "}";
        }
    }

    /** What a check saw of a message: it must look the same at every later check. */
    record Observation(boolean present, String role, String text, MessageStatus status, boolean gap) {
        static final Observation ABSENT = new Observation(false, null, null, null, false);
    }

    final Map<String, SessionModel> sessions = new LinkedHashMap<>();
    final Map<String, UserModel> users = new HashMap<>();
    final Map<String, StreamModel> streams = new LinkedHashMap<>();
    final Map<String, Observation> observed = new HashMap<>();
    final Map<String, Boolean> sessionsObserved = new HashMap<>();
    int runs;
    long ackedDeltas;
    /** What the next ~id lines are for: "session", or "user <sid>" then "reply <sid>". */
    private final java.util.ArrayDeque<String> expectedIds = new java.util.ArrayDeque<>();

    /** Adds the report of the next child (run number {@link #runs} + 1). */
    void add(List<String> lines) {
        int run = ++runs;
        expectedIds.clear(); // the previous child may have been killed between ~send and its ids
        for (String line : lines) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "OPENING", "READY", "AT", "RECOVERED" -> {
                    // about the run, not the data
                }
                case "~create" -> expectedIds.add("session");
                case "~send" -> {
                    session(f[1], line);
                    expectedIds.add("user " + f[1]);
                    expectedIds.add("reply " + f[1]);
                }
                case "~id" -> {
                    String what = expectedIds.poll();
                    if (what == null) {
                        throw new AssertionError("protocol: an id drawn outside create and send: " + line);
                    }
                    String id = f[1];
                    if (what.equals("session")) {
                        sessions.put(id, new SessionModel(id));
                    } else if (what.startsWith("user ")) {
                        SessionModel s = session(what.substring(5), line);
                        s.turns++;
                        s.order.add(id);
                        users.put(id, new UserModel(id, s.id, s.turns));
                    } else {
                        SessionModel s = session(what.substring(6), line);
                        String userId = s.order.get(s.order.size() - 1);
                        s.order.add(id);
                        streams.put(id, new StreamModel(id, s.id, userId, run));
                    }
                }
                case "+session" -> session(f[1], line);
                case "=session" -> session(f[1], line).createdAcked = true;
                case "+user" -> {
                    UserModel u = need(users.get(f[2]), line);
                    if (!u.sessionId.equals(f[1])) {
                        throw new AssertionError("protocol: user message journaled in another session: " + line);
                    }
                }
                case "=user" -> need(users.get(f[1]), line).acked = true;
                case "+start" -> {
                    StreamModel s = need(streams.get(f[2]), line);
                    if (!s.sessionId.equals(f[1]) || !users.containsKey(s.userId)) {
                        throw new AssertionError("protocol: reply " + f[2] + " is not the one announced for "
                                + f[1] + " (does ChatService still draw the user message's id first?): " + line);
                    }
                }
                case "=start" -> need(streams.get(f[1]), line).startAcked = true;
                case "=delta" -> {
                    StreamModel s = need(streams.get(f[1]), line);
                    long seq = Long.parseLong(f[2]);
                    if (!s.startAcked || seq != s.maxAckedDelta + 1) {
                        throw new AssertionError("protocol: acknowledgements out of order (" + line + " after "
                                + s + "): the writer completed a later record's future before an earlier one's");
                    }
                    s.maxAckedDelta = seq;
                    ackedDeltas++;
                }
                case "~end" -> {
                    StreamModel s = need(streams.get(f[1]), line);
                    s.endDecided = true;
                    s.endSeq = Long.parseLong(f[2]);
                    s.endStatus = MessageStatus.fromWireName(f[3]);
                }
                case "+end" -> {
                    StreamModel s = need(streams.get(f[1]), line);
                    if (!s.endDecided || s.endSeq != Long.parseLong(f[2]) || s.endStatus != MessageStatus.fromWireName(f[3])) {
                        throw new AssertionError("protocol: end appended that the driver did not announce: " + line + " " + s);
                    }
                    s.endAppended = true;
                }
                case "=end" -> {
                    StreamModel s = need(streams.get(f[1]), line);
                    if (!s.endAppended || s.maxAckedDelta != s.endSeq - 1) {
                        throw new AssertionError("protocol: end acknowledged before all deltas were: " + line + " " + s);
                    }
                    s.endAcked = true;
                }
                default -> throw new AssertionError("child reported something unexpected: " + line);
            }
        }
    }

    private SessionModel session(String id, String line) {
        return need(sessions.get(id), line);
    }

    private static <T> T need(T value, String line) {
        return Objects.requireNonNull(value, () -> "protocol: a report about something never announced: " + line);
    }
}
