package io.jyolo.data;

/** How an image of any shape becomes the square network input. */
public enum ResizeMode {
    /** Stretch to the square, ignoring aspect ratio (the PyTorch original's behaviour). */
    STRETCH,
    /** Scale to fit keeping the aspect ratio, centre, and pad the rest with grey. */
    LETTERBOX
}
