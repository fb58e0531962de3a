;; Three SIMD loops that run on tfjs-backend-wasm's own heap (the module imports the backend's memory),
;; for kernels where the backend's loop, or any JS loop, is memory-bound and slow. Compiled by
;; `npm run build:wasm-simd` into wasm-simd-binary.ts, once with a plain memory import and once with a
;; shared one (the threaded build's memory). Pointers and sizes are in bytes; every size a multiple of 16
;; (pointers need not be: an unaligned v128 load or store is allowed, only slower).
(module
  (import "env" "memory" (memory 1))

  ;; dx of one NHWC image of a 2 × 2, stride-2, unpadded max pool: each window's gradient dy goes to the
  ;; first strict maximum in the window's order a (top left), b (top right), c, d; a window of NaN or
  ;; −∞ passes nothing on (the rule of tfjs-backend-cpu's maxPoolPositions, start at −∞, '>' replaces).
  ;; Windows do not overlap, so every dx value in a window is written once (+0 where it loses).
  (func (export "maxPoolGrad2x2")
    (param $x i32) (param $dy i32) (param $dx i32)
    (param $outH i32) (param $outW i32) (param $pixel i32) (param $row i32)
    (local $oh i32) (local $ow i32) (local $c i32) (local $xp i32) (local $dp i32) (local $gp i32)
    (local $m v128) (local $ka v128) (local $kb v128) (local $kc v128) (local $kd v128) (local $g v128)
    (local $a v128) (local $b v128) (local $cc v128) (local $d v128) (local $zero v128) (local $ninf v128)
    (local.set $ninf (v128.const f32x4 -inf -inf -inf -inf))
    (local.set $gp (local.get $dy))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $oh) (local.get $outH)))
        (local.set $ow (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $ow) (local.get $outW)))
            ;; the window's top-left value: row 2·oh, column 2·ow
            (local.set $xp (i32.add (i32.mul (i32.shl (local.get $oh) (i32.const 1)) (local.get $row))
                                    (i32.mul (i32.shl (local.get $ow) (i32.const 1)) (local.get $pixel))))
            (local.set $dp (i32.add (local.get $dx) (local.get $xp)))
            (local.set $xp (i32.add (local.get $x) (local.get $xp)))
            (local.set $c (i32.const 0))
            (block $channels_done
              (loop $channels
                (br_if $channels_done (i32.ge_u (local.get $c) (local.get $pixel)))
                (local.set $a (v128.load (i32.add (local.get $xp) (local.get $c))))
                (local.set $b (v128.load (i32.add (i32.add (local.get $xp) (local.get $pixel)) (local.get $c))))
                (local.set $cc (v128.load (i32.add (i32.add (local.get $xp) (local.get $row)) (local.get $c))))
                (local.set $d (v128.load (i32.add (i32.add (i32.add (local.get $xp) (local.get $row))
                                                           (local.get $pixel)) (local.get $c))))
                ;; running maximum m, and k_p: "p replaced the maximum"
                (local.set $ka (f32x4.gt (local.get $a) (local.get $ninf)))
                (local.set $m (v128.bitselect (local.get $a) (local.get $ninf) (local.get $ka)))
                (local.set $kb (f32x4.gt (local.get $b) (local.get $m)))
                (local.set $m (v128.bitselect (local.get $b) (local.get $m) (local.get $kb)))
                (local.set $kc (f32x4.gt (local.get $cc) (local.get $m)))
                (local.set $m (v128.bitselect (local.get $cc) (local.get $m) (local.get $kc)))
                (local.set $kd (f32x4.gt (local.get $d) (local.get $m)))
                (local.set $g (v128.load (i32.add (local.get $gp) (local.get $c))))
                ;; p wins when it replaced the maximum and nothing after it did; + 0 turns −0 into +0
                (v128.store (i32.add (local.get $dp) (local.get $c))
                  (f32x4.add (local.get $zero) (v128.and (local.get $g)
                    (v128.andnot (local.get $ka) (v128.or (local.get $kb) (v128.or (local.get $kc) (local.get $kd)))))))
                (v128.store (i32.add (i32.add (local.get $dp) (local.get $pixel)) (local.get $c))
                  (f32x4.add (local.get $zero) (v128.and (local.get $g)
                    (v128.andnot (local.get $kb) (v128.or (local.get $kc) (local.get $kd))))))
                (v128.store (i32.add (i32.add (local.get $dp) (local.get $row)) (local.get $c))
                  (f32x4.add (local.get $zero) (v128.and (local.get $g) (v128.andnot (local.get $kc) (local.get $kd)))))
                (v128.store (i32.add (i32.add (i32.add (local.get $dp) (local.get $row)) (local.get $pixel)) (local.get $c))
                  (f32x4.add (local.get $zero) (v128.and (local.get $g) (local.get $kd))))
                (local.set $c (i32.add (local.get $c) (i32.const 16)))
                (br $channels)))
            (local.set $gp (i32.add (local.get $gp) (local.get $pixel)))
            (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
            (br $cols)))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br $rows))))

  ;; out[j] = Σ_r x[r, j] for x of `rows` rows of `rowBytes`, each column summed in row order from +0
  ;; (the order of the backend's own Sum, so the sums are equal to the bit).
  (func (export "columnSum")
    (param $x i32) (param $out i32) (param $rows i32) (param $rowBytes i32)
    (local $r i32) (local $j i32)
    (block $zeroed
      (loop $zero
        (br_if $zeroed (i32.ge_u (local.get $j) (local.get $rowBytes)))
        (v128.store (i32.add (local.get $out) (local.get $j)) (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $zero)))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $row_done
          (loop $row
            (br_if $row_done (i32.ge_u (local.get $j) (local.get $rowBytes)))
            (v128.store (i32.add (local.get $out) (local.get $j))
              (f32x4.add (v128.load (i32.add (local.get $out) (local.get $j)))
                         (v128.load (i32.add (local.get $x) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $row)))
        (local.set $x (i32.add (local.get $x) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))
  ;; out[r, j] = x[r, j] + b[j] for `rows` rows of `rowBytes` (a bias added over the last axis): one
  ;; float32 addition per value, as the backend's broadcasting Add.
  (func (export "addRows")
    (param $x i32) (param $b i32) (param $out i32) (param $rows i32) (param $rowBytes i32)
    (local $r i32) (local $j i32)
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $row_done
          (loop $row
            (br_if $row_done (i32.ge_u (local.get $j) (local.get $rowBytes)))
            (v128.store (i32.add (local.get $out) (local.get $j))
              (f32x4.add (v128.load (i32.add (local.get $x) (local.get $j)))
                         (v128.load (i32.add (local.get $b) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $row)))
        (local.set $x (i32.add (local.get $x) (local.get $rowBytes)))
        (local.set $out (i32.add (local.get $out) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))
)
