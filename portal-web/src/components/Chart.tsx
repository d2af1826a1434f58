import { useEffect, useRef } from 'react';
import type { EChartsCoreOption, ECharts } from 'echarts/core';

/**
 * An ECharts chart that follows its container's width (phone and desk). ECharts is loaded on first use, in a chunk
 * of its own, so the first screen does not wait for it.
 */
export function Chart({ option, height = 260, label }: { option: EChartsCoreOption; height?: number; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const latest = useRef(option);
  latest.current = option;
  useEffect(() => {
    let live = true;
    let resize: ResizeObserver | undefined;
    import('./echarts-setup').then(({ echarts }) => {
      if (!live || !el.current) return;
      const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
      chart.current = c;
      c.setOption(latest.current, true);
      resize = new ResizeObserver(() => c.resize());
      resize.observe(el.current);
    });
    return () => {
      live = false;
      resize?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return <div ref={el} className="chart" role="img" aria-label={label} style={{ height }} />;
}
