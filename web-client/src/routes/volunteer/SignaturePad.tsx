import { useEffect, useRef } from 'react';
import { useT } from '../../i18n';
import { Button } from '../../components/Button';
import './messages';

/**
 * The elder signs on the screen with a finger (or a thumbprint); each stroke ends in a PNG
 * passed to `onChange` (null after 重写).
 */
export function SignaturePad({ value, onChange, invalid }: { value: Blob | null; onChange: (png: Blob | null) => void; invalid?: boolean }) {
  const t = useT();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const ratio = window.devicePixelRatio || 1;
    const rect = c.getBoundingClientRect();
    c.width = Math.max(1, Math.round(rect.width * ratio));
    c.height = Math.max(1, Math.round(rect.height * ratio));
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, c.width, c.height);
    if (value) {
      void createImageBitmap(value)
        .then((img) => ctx.drawImage(img, 0, 0, c.width, c.height))
        .catch(() => undefined);
    }
    // Only on mount: later strokes draw on the canvas itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const c = e.currentTarget;
    const rect = c.getBoundingClientRect();
    return [((e.clientX - rect.left) * c.width) / rect.width, ((e.clientY - rect.top) * c.height) / rect.height] as const;
  };
  const start = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const ctx = e.currentTarget.getContext('2d');
    if (!ctx) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = true;
    const [x, y] = point(e);
    ctx.lineWidth = 3 * (window.devicePixelRatio || 1);
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#111';
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + 0.1, y + 0.1);
    ctx.stroke();
  };
  const move = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const ctx = e.currentTarget.getContext('2d');
    if (!ctx) return;
    const [x, y] = point(e);
    ctx.lineTo(x, y);
    ctx.stroke();
  };
  const end = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    drawing.current = false;
    e.currentTarget.toBlob((png) => onChange(png), 'image/png');
  };
  const clear = () => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, c.width, c.height);
    onChange(null);
  };

  return (
    <div className={`v-signature${invalid ? ' v-signature-invalid' : ''}`}>
      <p className="field-hint">{t.volunteer.signHere}</p>
      <canvas
        ref={canvas}
        className="v-signature-canvas"
        role="img"
        aria-label={t.volunteer.signatureAlt}
        data-testid="signature-pad"
        data-signed={value ? 'true' : 'false'}
        onPointerDown={start}
        onPointerMove={move}
        onPointerUp={end}
        onPointerCancel={end}
      />
      <Button variant="secondary" onClick={clear}>{t.volunteer.clearSignature}</Button>
    </div>
  );
}
