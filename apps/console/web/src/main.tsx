import { render } from 'preact';
import { App } from './app';
import './desk.css';

render(<App />, document.getElementById('app')!);
