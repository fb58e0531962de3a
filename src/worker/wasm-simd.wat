;; SIMD loops that run on tfjs-backend-wasm's own heap (the module imports the backend's memory),
;; for kernels where the backend's loop, or any JS loop, is memory-bound and slow. Compiled by
;; `npm run build:wasm-simd` into wasm-simd-binary.ts, once with a plain memory import and once with a
;; shared one (the threaded build's memory). Pointers and sizes are in bytes; a row of v128 values is a
;; multiple of 16 bytes (pointers need not be aligned: an unaligned v128 load or store is allowed, only
;; slower).
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
  ;; One 4×8 tile of a convolution's filter gradient, Σ over output pixels p of a_p ⊗ d_p: a_p is 4
  ;; consecutive floats of the (padded) input at $x + p's offset, d_p 8 consecutive floats of dy at $dy +
  ;; p·$dyPix. Pixels are walked image by image, row by row ($xImage, $xRow, $xPix bytes apart in x;
  ;; contiguous in dy), each product added in that order from +0. Only the first $rows of the 4 rows are
  ;; stored, $outRow bytes apart (the others may have read past the rows wanted; they are dropped).
  (func (export "filterGradTile4x8")
    (param $x i32) (param $dy i32) (param $out i32) (param $rows i32)
    (param $images i32) (param $outH i32) (param $outW i32)
    (param $xImage i32) (param $xRow i32) (param $xPix i32) (param $dyPix i32) (param $outRow i32)
    (local $n i32) (local $oh i32) (local $ow i32) (local $xr i32) (local $xp i32) (local $s v128)
    (local $d0 v128) (local $d1 v128)
    (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128) (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    (block $images_done
      (loop $images
        (br_if $images_done (i32.ge_u (local.get $n) (local.get $images)))
        (local.set $xr (local.get $x))
        (local.set $oh (i32.const 0))
        (block $rows_done
          (loop $out_rows
            (br_if $rows_done (i32.ge_u (local.get $oh) (local.get $outH)))
            (local.set $xp (local.get $xr))
            (local.set $ow (i32.const 0))
            (block $cols_done
              (loop $cols
                (br_if $cols_done (i32.ge_u (local.get $ow) (local.get $outW)))
                (local.set $d0 (v128.load offset=0 (local.get $dy)))
                (local.set $d1 (v128.load offset=16 (local.get $dy)))
                (local.set $s (v128.load32_splat offset=0 (local.get $xp)))
                (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s) (local.get $d0))))
                (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s) (local.get $d1))))
                (local.set $s (v128.load32_splat offset=4 (local.get $xp)))
                (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $s) (local.get $d0))))
                (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $s) (local.get $d1))))
                (local.set $s (v128.load32_splat offset=8 (local.get $xp)))
                (local.set $a20 (f32x4.add (local.get $a20) (f32x4.mul (local.get $s) (local.get $d0))))
                (local.set $a21 (f32x4.add (local.get $a21) (f32x4.mul (local.get $s) (local.get $d1))))
                (local.set $s (v128.load32_splat offset=12 (local.get $xp)))
                (local.set $a30 (f32x4.add (local.get $a30) (f32x4.mul (local.get $s) (local.get $d0))))
                (local.set $a31 (f32x4.add (local.get $a31) (f32x4.mul (local.get $s) (local.get $d1))))
                (local.set $xp (i32.add (local.get $xp) (local.get $xPix)))
                (local.set $dy (i32.add (local.get $dy) (local.get $dyPix)))
                (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
                (br $cols)))
            (local.set $xr (i32.add (local.get $xr) (local.get $xRow)))
            (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
            (br $out_rows)))
        (local.set $x (i32.add (local.get $x) (local.get $xImage)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $images)))
    (v128.store offset=0 (local.get $out) (local.get $a00))
    (v128.store offset=16 (local.get $out) (local.get $a01))
    (if (i32.le_u (local.get $rows) (i32.const 1)) (then (return)))
    (local.set $out (i32.add (local.get $out) (local.get $outRow)))
    (v128.store offset=0 (local.get $out) (local.get $a10))
    (v128.store offset=16 (local.get $out) (local.get $a11))
    (if (i32.le_u (local.get $rows) (i32.const 2)) (then (return)))
    (local.set $out (i32.add (local.get $out) (local.get $outRow)))
    (v128.store offset=0 (local.get $out) (local.get $a20))
    (v128.store offset=16 (local.get $out) (local.get $a21))
    (if (i32.le_u (local.get $rows) (i32.const 3)) (then (return)))
    (local.set $out (i32.add (local.get $out) (local.get $outRow)))
    (v128.store offset=0 (local.get $out) (local.get $a30))
    (v128.store offset=16 (local.get $out) (local.get $a31)))
  ;; The same as filterGradTile4x8 for 4 columns (the last 4 of a gradient over 8k + 4 output channels).
  (func (export "filterGradTile4x4")
    (param $x i32) (param $dy i32) (param $out i32) (param $rows i32)
    (param $images i32) (param $outH i32) (param $outW i32)
    (param $xImage i32) (param $xRow i32) (param $xPix i32) (param $dyPix i32) (param $outRow i32)
    (local $n i32) (local $oh i32) (local $ow i32) (local $xr i32) (local $xp i32) (local $s v128)
    (local $d0 v128)
    (local $a00 v128) (local $a10 v128) (local $a20 v128) (local $a30 v128)
    (block $images_done
      (loop $images
        (br_if $images_done (i32.ge_u (local.get $n) (local.get $images)))
        (local.set $xr (local.get $x))
        (local.set $oh (i32.const 0))
        (block $rows_done
          (loop $out_rows
            (br_if $rows_done (i32.ge_u (local.get $oh) (local.get $outH)))
            (local.set $xp (local.get $xr))
            (local.set $ow (i32.const 0))
            (block $cols_done
              (loop $cols
                (br_if $cols_done (i32.ge_u (local.get $ow) (local.get $outW)))
                (local.set $d0 (v128.load offset=0 (local.get $dy)))
                (local.set $s (v128.load32_splat offset=0 (local.get $xp)))
                (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s) (local.get $d0))))
                (local.set $s (v128.load32_splat offset=4 (local.get $xp)))
                (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $s) (local.get $d0))))
                (local.set $s (v128.load32_splat offset=8 (local.get $xp)))
                (local.set $a20 (f32x4.add (local.get $a20) (f32x4.mul (local.get $s) (local.get $d0))))
                (local.set $s (v128.load32_splat offset=12 (local.get $xp)))
                (local.set $a30 (f32x4.add (local.get $a30) (f32x4.mul (local.get $s) (local.get $d0))))
                (local.set $xp (i32.add (local.get $xp) (local.get $xPix)))
                (local.set $dy (i32.add (local.get $dy) (local.get $dyPix)))
                (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
                (br $cols)))
            (local.set $xr (i32.add (local.get $xr) (local.get $xRow)))
            (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
            (br $out_rows)))
        (local.set $x (i32.add (local.get $x) (local.get $xImage)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $images)))
    (v128.store offset=0 (local.get $out) (local.get $a00))
    (if (i32.le_u (local.get $rows) (i32.const 1)) (then (return)))
    (local.set $out (i32.add (local.get $out) (local.get $outRow)))
    (v128.store offset=0 (local.get $out) (local.get $a10))
    (if (i32.le_u (local.get $rows) (i32.const 2)) (then (return)))
    (local.set $out (i32.add (local.get $out) (local.get $outRow)))
    (v128.store offset=0 (local.get $out) (local.get $a20))
    (if (i32.le_u (local.get $rows) (i32.const 3)) (then (return)))
    (local.set $out (i32.add (local.get $out) (local.get $outRow)))
    (v128.store offset=0 (local.get $out) (local.get $a30)))
)
