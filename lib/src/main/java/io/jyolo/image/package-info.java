/**
 * Image file reading and OpenCV interop: the one decoder of jyolo, with two pixel layouts.
 *
 * <p>{@link io.jyolo.image.Images#readRgb(java.nio.file.Path)} ({@code TYPE_INT_RGB}) is what
 * training and detection read with; {@link io.jyolo.image.Images#read(java.nio.file.Path)}
 * ({@code TYPE_3BYTE_BGR}) is the layout of OpenCV Mats and video frames. Both read JPEG/PNG by
 * content, convert grayscale, 16-bit, palette, transparent and CMYK/YCCK images the same exact
 * way, reject truncated and damaged files, and name the file in every error.
 * {@link io.jyolo.image.Mats} copies between Mats and images; {@link io.jyolo.image.OpenCv#load()}
 * loads the native library once, lazily.
 */
package io.jyolo.image;
