/**
 * Image file reading and OpenCV interop with one pixel layout: 8-bit BGR
 * ({@code TYPE_3BYTE_BGR}), the layout of OpenCV Mats and of video frames.
 *
 * <p>{@link io.jyolo.image.Images#read(java.nio.file.Path)} reads JPEG/PNG by content, converts
 * grayscale, 16-bit, palette, transparent and CMYK/YCCK images, rejects truncated files, and
 * names the file in every error. {@link io.jyolo.image.Mats} copies between Mats and images;
 * {@link io.jyolo.image.OpenCv#load()} loads the native library once, lazily.
 */
package io.jyolo.image;
