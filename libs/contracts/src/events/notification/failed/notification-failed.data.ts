import { IsBoolean, IsInt, Min } from 'class-validator';
import { Doc, IsFreeText } from '../../../validation/decorators';
import { NotificationSentData } from '../sent/notification-sent.data';

export class NotificationFailedData extends NotificationSentData {
  @Doc('what the channel answered; never personal data')
  @IsFreeText(500)
  error: string;
  @IsInt() @Min(1) attempts: number;
  @Doc('no more retries will be made')
  @IsBoolean()
  permanent: boolean;
}
