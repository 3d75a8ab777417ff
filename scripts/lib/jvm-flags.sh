# Sourced by ./rnn4j and scripts/run-example after pick-java.sh: sets $jvm_flags, the JVM options
# both start the application with (RNN4J_JAVA_OPTS comes after them and can change any).
# - The parallel collector, its young generation capped at 64 MB. Uncapped, it grows to hundreds
#   of MB while the kernels still run interpreted (they allocate then), and the process's peak
#   RSS with it (1.8 GB training the LSTM of `bench --cells` c at batch 32, 0.3 GB capped, at the
#   same speed).
# - Below JDK 25 (or when the version is unknown), C2's safepoints in counted loops, with loop
#   strip mining. G1 turns them on; the parallel and serial collectors leave them off, and then
#   JDK 17 compiled the SIMD kernels 1.5-3x slower: sgemm 1024^2 ran at 46-47 GFLOP/s instead of
#   131-146, c at batch 32 trained 2,700-2,800 tokens/s instead of 5,400-5,900. JDK 25 ran as
#   fast without them (rnn-bench/results/2026-12-06-counted-loop-safepoints.csv).
# - Every object on a 64-byte boundary, so that the matrices the backends pack, and a model's V
#   (Tensor.zerosAligned), start on a cache line (dev.rnn4j.api.HeapAlignment): the packed
#   matrix-vector product of a 512 x 512 float matrix took 6.0-6.3 us instead of 7.6-10.5,
#   generation of a2 ran 1.6-2.0x faster (rnn-bench/results/2026-12-07-aligned-panels*.csv), c's
#   fused step of V 3.2-3.5 ms instead of 3.5-4.0 (2026-12-07-aligned-weights-kernels.csv). Small objects are padded: peak RSS
#   of `rnn4j demo` (the Chinese segmenter's dictionaries) 213 MB instead of 185, of a word model
#   on the sonnets 183 instead of 180; on JDK 17 the JDK's default class-data archive is not used
#   (start-up did not change here).
jvm_flags="-XX:+UseParallelGC -XX:MaxNewSize=64m -XX:ObjectAlignmentInBytes=64"
if [ -z "${java_feature:-}" ] || [ "$java_feature" -lt 25 ]; then
  jvm_flags="$jvm_flags -XX:+UseCountedLoopSafepoints -XX:LoopStripMiningIter=1000"
fi
