package org.glimmr.mrf.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of one kind of object (payer, standard charge, …) with the order they tend to come in. MRFs are written by
 * programs, so the key that follows a given key is nearly always the same: {@link #next} guesses it and lets Jackson
 * match the guess against the input bytes ({@link JsonParser#nextFieldName(com.fasterxml.jackson.core.SerializableString)}),
 * which is much cheaper than decoding and looking up the name. A wrong guess costs one byte comparison and the
 * normal lookup. The guess changes after two wrong guesses in a row, so that a key that now and then follows
 * (a percentage among dollar amounts) does not make the usual one be guessed wrong the next time too. Keys come in
 * any order either way.
 */
final class KeyOrder {
    /** Returned by {@link #next} at the end of the object. */
    static final int END = -1;

    private final Map<String, Integer> ids = new HashMap<>();
    private final SerializedString[] names;
    /** Per state (a key id, {@link #start()} or {@link #other()}): the key guessed to come next, and its id. */
    private final SerializedString[] guess;
    private final int[] guessId;
    /** Per state: whether the last guess was wrong (the guess is replaced at the second wrong guess in a row). */
    private final boolean[] missed;

    /** @param keys the keys read, their position in the list being their id */
    KeyOrder(List<String> keys) {
        names = new SerializedString[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            ids.put(keys.get(i), i);
            names[i] = new SerializedString(keys.get(i));
        }
        guess = new SerializedString[keys.size() + 2];
        guessId = new int[keys.size() + 2];
        missed = new boolean[keys.size() + 2];
    }

    /** The state before the first key of an object. */
    int start() {
        return names.length;
    }

    /** The id returned for a key not in the list (the caller skips its value). */
    int other() {
        return names.length + 1;
    }

    String name(int id) {
        return names[id].getValue();
    }

    /**
     * Moves the parser to the next key of the current object and returns its id, {@link #other()} for a key not in
     * the list, or {@link #END} when the object ends (the parser then is at its END_OBJECT).
     *
     * @param previous the id returned for the previous key, or {@link #start()}
     */
    int next(JsonParser p, int previous) throws IOException {
        SerializedString expected = guess[previous];
        JsonToken t;
        if (expected != null) {
            if (p.nextFieldName(expected)) {
                missed[previous] = false;
                return guessId[previous];
            }
            t = p.currentToken();
        } else {
            t = p.nextToken();
        }
        if (t != JsonToken.FIELD_NAME) {
            return END;
        }
        int id = id(p.currentName());
        if (id == other()) {
            return id;
        }
        if (expected == null || missed[previous]) {
            guess[previous] = names[id];
            guessId[previous] = id;
            missed[previous] = false;
        } else {
            missed[previous] = true;
        }
        return id;
    }

    /** Jackson interns key names, so an identity scan of the few keys usually finds them; else a map lookup. */
    private int id(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].getValue() == name) {
                return i;
            }
        }
        Integer id = ids.get(name);
        return id == null ? other() : id;
    }
}
