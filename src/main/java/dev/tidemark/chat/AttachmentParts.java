package dev.tidemark.chat;

import dev.tidemark.chat.ModelCapabilities.Answer;
import dev.tidemark.chat.ModelCapabilities.Capability;
import dev.tidemark.media.Images;
import dev.tidemark.media.MediaCache;
import dev.tidemark.media.Pdfs;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.AttachmentRefusedException;
import dev.tidemark.model.Message;
import dev.tidemark.model.Role;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.session.AttachmentStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The parts of one request (ADR 10 §1): every user turn's attachments as the service takes them —
 * images fitted to its limits, PDFs as documents or their text, text files fenced — sized before
 * sending (base64 is 4·⌈n/3⌉ bytes). Going from the newest attachment back, each is kept while the
 * request stays within the service's budget and 20 images; from the first that does not fit, it
 * and every older one become a note. The current message's own files are never left out: when they
 * alone are too much, the send is refused in words. Reads through the store and the media cache.
 */
final class AttachmentParts {

    /** The most images one request carries (Anthropic's rule for full-size images; used for every service). */
    static final int MAX_IMAGES = 20;
    /** The most PDF pages one request carries as documents to Anthropic (the figure for every model). */
    static final int MAX_ANTHROPIC_PAGES = 100;
    static final int ANTHROPIC_LONG_SIDE = 1568;
    static final long ANTHROPIC_PIXELS = 1_150_000;
    static final long ANTHROPIC_IMAGE_BYTES = 5L * 1000 * 1000;
    static final int OPENAI_LONG_SIDE = 2048;
    static final long OPENAI_IMAGE_BYTES = 20L * 1024 * 1024;

    private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/gif");

    private final AttachmentStore store;
    private final MediaCache cache;
    private final ProviderTraits traits;
    private final Capability capability;
    private final String model;

    private long bytesUsed;
    private int imagesUsed;
    private int pagesUsed;
    /** Why older files are left out, once one did not fit (null while they fit). */
    private String full;

    AttachmentParts(AttachmentStore store, MediaCache cache, ProviderTraits traits, Capability capability,
                    String model) {
        this.store = store;
        this.cache = cache;
        this.traits = traits;
        this.capability = capability;
        this.model = model;
    }

    /** One attachment as it goes: its part and what it costs the request. */
    private record Prepared(ChatRequest.Part part, long bytes, boolean image, int pages) {
    }

    ChatRequest apply(ChatRequest request, List<Message> path) throws AttachmentRefusedException {
        List<Message> sent = new ArrayList<>();
        for (Message m : path) {
            if (Turns.isSent(m)) {
                sent.add(m); // as Turns.context: the turns of blank replies without run calls are left out
            }
        }
        List<ChatRequest.Turn> turns = request.messages();
        int offset = sent.size() - turns.size();
        if (offset < 0) {
            return request;
        }
        int current = -1;
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (turns.get(i).role() == Role.USER) {
                current = i;
                break;
            }
        }
        List<List<ChatRequest.Part>> parts = new ArrayList<>();
        boolean any = false;
        for (int i = 0; i < turns.size(); i++) {
            List<Attachment> files = turns.get(i).role() == Role.USER ? sent.get(i + offset).attachments() : List.of();
            List<ChatRequest.Part> slots = new ArrayList<>();
            for (int k = 0; k < files.size(); k++) {
                slots.add(null);
            }
            parts.add(slots);
            any |= !files.isEmpty();
        }
        if (!any) {
            return request;
        }
        for (int i = turns.size() - 1; i >= 0; i--) { // newest first
            List<Attachment> files = turns.get(i).role() == Role.USER ? sent.get(i + offset).attachments() : List.of();
            for (int k = files.size() - 1; k >= 0; k--) {
                parts.get(i).set(k, i == current ? ofCurrent(files.get(k)) : ofEarlier(files.get(k)));
            }
        }
        List<ChatRequest.Turn> out = new ArrayList<>();
        for (int i = 0; i < turns.size(); i++) {
            ChatRequest.Turn turn = turns.get(i);
            out.add(parts.get(i).isEmpty() ? turn
                    : new ChatRequest.Turn(turn.role(), turn.text(), parts.get(i), turn.toolCalls()));
        }
        return new ChatRequest(request.model(), request.systemPrompt(), out, request.temperature(),
                request.maxTokens(), request.continuation(), request.tools());
    }

    /** A file of the message being sent: always in, or the send is refused. */
    private ChatRequest.Part ofCurrent(Attachment a) throws AttachmentRefusedException {
        if (a.isImage() && capability.images() == Answer.NO) {
            throw new AttachmentRefusedException(AttachmentRequests.refusalWords(model, List.of(a)));
        }
        Prepared p;
        try {
            p = prepare(a, store.read(a));
        } catch (IOException e) {
            throw new AttachmentRefusedException(a.name() + " " + e.getMessage(), e); // media words follow the name
        }
        if (bytesUsed + p.bytes() > traits.budgetBytes()) {
            throw new AttachmentRefusedException(a.name() + " cannot be sent: with the other files of this message"
                    + " the request would be " + AttachmentTexts.size(bytesUsed + p.bytes()) + ", over "
                    + traits.budgetWords() + ". Send fewer or smaller files.");
        }
        if (p.image() && imagesUsed + 1 > MAX_IMAGES) {
            throw new AttachmentRefusedException(a.name() + " cannot be sent: a message can carry at most "
                    + MAX_IMAGES + " images.");
        }
        take(p);
        return p.part();
    }

    /** A file of an earlier turn: sent again while it fits, else a note. */
    private ChatRequest.Part ofEarlier(Attachment a) {
        if (full != null) {
            return note(a, full);
        }
        if (a.isImage() && capability.images() == Answer.NO) {
            return note(a, model + " does not take images");
        }
        Prepared p;
        try {
            p = prepare(a, store.read(a));
        } catch (AttachmentRefusedException e) {
            return note(a, "it is missing or damaged in Tidemark's data folder");
        } catch (IOException e) {
            return note(a, "Tidemark could not prepare it for sending");
        }
        if (bytesUsed + p.bytes() > traits.budgetBytes()) {
            full = "the request would be over " + traits.budgetWords();
            return note(a, full);
        }
        if (p.image() && imagesUsed + 1 > MAX_IMAGES) {
            full = "the request would carry more than " + MAX_IMAGES + " images";
            return note(a, full);
        }
        take(p);
        return p.part();
    }

    private void take(Prepared p) {
        bytesUsed += p.bytes();
        imagesUsed += p.image() ? 1 : 0;
        pagesUsed += p.pages();
    }

    private static ChatRequest.Text note(Attachment a, String why) {
        return new ChatRequest.Text(AttachmentTexts.leftOut(a, why));
    }

    private Prepared prepare(Attachment a, byte[] bytes) throws IOException, AttachmentRefusedException {
        if (a.isImage()) {
            Images.Encoded fitted = fit(a, bytes);
            return new Prepared(new ChatRequest.Image(fitted.mediaType(), fitted.bytes()), base64(fitted.bytes().length),
                    true, 0);
        }
        if (a.isPdf()) {
            return pdf(a, bytes);
        }
        if (a.isText()) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            return text(AttachmentTexts.textFile(a.name(), text));
        }
        throw new AttachmentRefusedException(a.name() + " cannot be sent: Tidemark does not know how to send "
                + a.mediaType() + ".");
    }

    private Images.Encoded fit(Attachment a, byte[] bytes) throws IOException {
        Set<String> accepted = new HashSet<>(IMAGE_TYPES);
        if (traits.takesWebp()) {
            accepted.add("image/webp");
        }
        return traits.anthropic()
                ? Images.fit(bytes, a.mediaType(), ANTHROPIC_LONG_SIDE, ANTHROPIC_PIXELS, ANTHROPIC_IMAGE_BYTES, accepted)
                : Images.fit(bytes, a.mediaType(), OPENAI_LONG_SIDE, (long) OPENAI_LONG_SIDE * OPENAI_LONG_SIDE,
                        OPENAI_IMAGE_BYTES, accepted);
    }

    /** A PDF as a document where the service takes it (Anthropic: within its pages), else its text. */
    private Prepared pdf(Attachment a, byte[] bytes) throws IOException {
        if (capability.pdf() == Answer.NO) {
            return pdfText(a, "this service does not take this PDF as a document");
        }
        int pages = 0;
        if (traits.anthropic()) {
            pages = Pdfs.pageCount(bytes);
            if (pages > MAX_ANTHROPIC_PAGES) {
                return pdfText(a, "it has more than the " + MAX_ANTHROPIC_PAGES
                        + " pages this service takes as a document");
            }
            if (pagesUsed + pages > MAX_ANTHROPIC_PAGES) {
                return pdfText(a, "with the other PDFs the request would be over the " + MAX_ANTHROPIC_PAGES
                        + " pages this service takes as documents");
            }
        }
        return new Prepared(new ChatRequest.Document("application/pdf", bytes, a.name()), base64(bytes.length),
                false, pages);
    }

    private Prepared pdfText(Attachment a, String why) throws IOException {
        Pdfs.Text text = cache.pdfText(store.path(a.sha256()), a.sha256(), Pdfs.Progress.NONE, () -> false);
        return text(AttachmentTexts.pdfText(a, text.pages(), text.text(), why));
    }

    private static Prepared text(String text) {
        return new Prepared(new ChatRequest.Text(text), text.getBytes(StandardCharsets.UTF_8).length, false, 0);
    }

    /** The length of {@code n} bytes in base64. */
    static long base64(long n) {
        return 4 * ((n + 2) / 3);
    }
}
