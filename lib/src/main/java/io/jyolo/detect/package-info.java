/**
 * Finding objects with a trained run: {@link io.jyolo.detect.Detector} (load a run folder, detect
 * on pictures, OpenCV Mats, files and batches, with boxes in original-image pixels),
 * {@link io.jyolo.detect.DetectionResult} (detections with their picture: drawn, saved, shown in a
 * notebook), {@link io.jyolo.detect.VideoDetection} (video files and cameras), and underneath
 * {@link io.jyolo.predict.Decoder} and {@link io.jyolo.predict.Nms}, which turn network output into
 * {@link io.jyolo.predict.Detection}s.
 */
package io.jyolo.detect;
