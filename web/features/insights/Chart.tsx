import type * as PlotNamespace from '@observablehq/plot';
import { useEffect, useRef, useState } from 'react';
import './chart.css';

/** @observablehq/plot, loaded on first use: it (and d3 with it) never weighs on the main bundle. */
export type PlotModule = typeof PlotNamespace;
let plotModule: Promise<PlotModule> | undefined;
const loadPlot = () => {
  plotModule ??= import('@observablehq/plot').catch((error: unknown) => {
    plotModule = undefined; // a later chart may try again (after a flaky connection, say)
    throw error;
  });
  return plotModule;
};

/** Draws a chart of `data` at a width (px) with Plot; returns Plot's SVG or figure. */
export type Draw<T> = (Plot: PlotModule, data: T, width: number) => SVGSVGElement | HTMLElement;

interface ChartProps<T> {
  /** What the chart shows, in a sentence or two, for screen readers: the table next to it has every number. */
  summary: string;
  draw: Draw<T>;
  data: T;
  /** Reserved height while the chart loads, so the page does not jump. */
  minHeight: number;
}

/**
 * A Plot chart as one image (role="img" with a summary). Plot is imported on first render; the chart redraws at
 * the container's width. Each chart sits next to a table with the same numbers, which is what assistive
 * technology and keyboard users read.
 */
export function Chart<T>({ summary, draw, data, minHeight }: ChartProps<T>) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setWidth(Math.floor(el.clientWidth));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = box.current;
    if (!el || width === 0) return;
    let cancelled = false;
    loadPlot().then(
      (Plot) => {
        if (cancelled) return;
        const chart = draw(Plot, data, width);
        // Plot puts its default styles in <style> elements, which the Content-Security-Policy refuses (no inline
        // styles): they are removed before the chart is on the page, so never parsed, and chart.css has the same rules.
        for (const style of chart.querySelectorAll('style')) style.remove();
        chart.setAttribute('aria-hidden', 'true');
        el.replaceChildren(chart);
        setState('ready');
      },
      () => {
        if (!cancelled) setState('failed');
      },
    );
    return () => {
      cancelled = true;
    };
  }, [draw, data, width]);

  return (
    <div className="chart">
      <div ref={box} className="chart-canvas" role="img" aria-label={summary} style={state === 'ready' ? undefined : { minHeight }} />
      {state === 'loading' ? (
        <p className="chart-status meta" aria-hidden="true">
          Drawing the chart…
        </p>
      ) : state === 'failed' ? (
        <p className="chart-status meta">The chart could not be loaded; the table has the same numbers.</p>
      ) : null}
    </div>
  );
}
