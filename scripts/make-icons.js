// Draws the two Teams app icons into appPackage/ (teams-graph-facts §9):
//   color.png   192×192, full colour: three overlapping circles (people sharing a practice) on a rounded square;
//   outline.png  32×32, the same circles as white rings on a fully transparent background.
// Run `node scripts/make-icons.js` after changing the drawing; the PNGs are committed.
const fs = require('node:fs');
const path = require('node:path');
const { PNG } = require('pngjs');

const OUT_DIR = path.resolve(__dirname, '..', 'appPackage');
// Same colour as the manifest's accentColor, so the icon blends with the tile Teams draws around it.
const ACCENT = [0x1f, 0x6f, 0x8b];
const WHITE = [255, 255, 255];
// Each pixel is the average of SUBSAMPLES² points, which smooths the edges of the shapes.
const SUBSAMPLES = 4;

/** Three circle centres in a triangle around (cx, cy), the top one first. */
function triangleOfCircles(cx, cy, spread) {
  return [-90, 30, 150].map((degrees) => {
    const angle = (degrees * Math.PI) / 180;
    return { x: cx + spread * Math.cos(angle), y: cy + spread * Math.sin(angle) };
  });
}

function insideRoundedSquare(x, y, size, radius) {
  const nearestX = Math.min(Math.max(x, radius), size - radius);
  const nearestY = Math.min(Math.max(y, radius), size - radius);
  return (x - nearestX) ** 2 + (y - nearestY) ** 2 <= radius ** 2;
}

function distance(x, y, centre) {
  return Math.hypot(x - centre.x, y - centre.y);
}

/** Porter-Duff "over" of a colour with opacity onto a premultiplied-alpha sample. */
function over(sample, rgb, alpha) {
  return {
    r: rgb[0] * alpha + sample.r * (1 - alpha),
    g: rgb[1] * alpha + sample.g * (1 - alpha),
    b: rgb[2] * alpha + sample.b * (1 - alpha),
    a: alpha + sample.a * (1 - alpha),
  };
}

/** Renders `shade(x, y)` (a premultiplied sample) into a size×size RGBA PNG with supersampling. */
function render(size, shade) {
  const png = new PNG({ width: size, height: size });
  const points = SUBSAMPLES * SUBSAMPLES;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = { r: 0, g: 0, b: 0, a: 0 };
      for (let sy = 0; sy < SUBSAMPLES; sy++) {
        for (let sx = 0; sx < SUBSAMPLES; sx++) {
          const sample = shade(px + (sx + 0.5) / SUBSAMPLES, py + (sy + 0.5) / SUBSAMPLES);
          sum.r += sample.r;
          sum.g += sample.g;
          sum.b += sample.b;
          sum.a += sample.a;
        }
      }
      const alpha = sum.a / points;
      const offset = (py * size + px) * 4;
      // Un-premultiply; a fully transparent pixel is stored as transparent white.
      png.data[offset] = alpha === 0 ? 255 : Math.round(sum.r / points / alpha);
      png.data[offset + 1] = alpha === 0 ? 255 : Math.round(sum.g / points / alpha);
      png.data[offset + 2] = alpha === 0 ? 255 : Math.round(sum.b / points / alpha);
      png.data[offset + 3] = Math.round(alpha * 255);
    }
  }
  return png;
}

function colorIcon() {
  const size = 192;
  const circles = triangleOfCircles(96, 100, 26);
  const radius = 38;
  const ring = 5;
  return render(size, (x, y) => {
    let sample = { r: 0, g: 0, b: 0, a: 0 };
    if (!insideRoundedSquare(x, y, size, 40)) return sample;
    sample = over(sample, ACCENT, 1);
    // Translucent discs: where people overlap, the colour gets lighter — the shared practice in the middle.
    for (const centre of circles) {
      if (distance(x, y, centre) <= radius) sample = over(sample, WHITE, 0.28);
    }
    for (const centre of circles) {
      if (Math.abs(distance(x, y, centre) - radius) <= ring / 2) sample = over(sample, WHITE, 1);
    }
    return sample;
  });
}

function outlineIcon() {
  const size = 32;
  const circles = triangleOfCircles(16, 16.8, 4.6);
  const radius = 7.6;
  const ring = 1.8;
  return render(size, (x, y) => {
    const onRing = circles.some((centre) => Math.abs(distance(x, y, centre) - radius) <= ring / 2);
    return onRing ? { r: 255, g: 255, b: 255, a: 1 } : { r: 0, g: 0, b: 0, a: 0 };
  });
}

fs.mkdirSync(OUT_DIR, { recursive: true });
for (const [file, png] of [
  ['color.png', colorIcon()],
  ['outline.png', outlineIcon()],
]) {
  fs.writeFileSync(path.join(OUT_DIR, file), PNG.sync.write(png));
  console.log(`wrote appPackage/${file} (${png.width}×${png.height})`);
}
